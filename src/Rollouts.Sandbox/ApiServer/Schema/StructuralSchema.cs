using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Schema;

/// <summary>
/// A CRD's openAPIV3Schema, compiled once when the CRD is stored and then shared by every request on
/// every thread. It does to custom resources what the real server does, in the server's order:
/// <list type="number">
/// <item><see cref="Prune"/> drops undeclared fields when a body is decoded (and says which, for fieldValidation);</item>
/// <item><see cref="ApplyDefaults"/> fills defaults (on create, update and read);</item>
/// <item><see cref="Validate"/> lists every problem as a 422 cause.</item>
/// </list>
/// The resource's apiVersion, kind and metadata belong to the server and are left alone, except that
/// a schema may restrict metadata.name and metadata.generateName.
/// </summary>
public sealed class StructuralSchema
{
    private const string CrdKind = "CustomResourceDefinition";
    private const string CrdGroup = "apiextensions.k8s.io";

    private StructuralSchema(JsonElement source, SchemaNode root)
    {
        Source = source;
        Root = root;
    }

    /// <summary>The schema as the CRD wrote it.</summary>
    public JsonElement Source { get; }

    /// <summary>The compiled schema tree.</summary>
    public SchemaNode Root { get; }

    /// <summary>Compiles a schema; problems are reported with paths relative to the schema itself.</summary>
    /// <exception cref="ApiError">422 Invalid when the schema is not structural or uses what the server refuses.</exception>
    public static StructuralSchema Compile(JsonElement openApiV3Schema) => Compile(openApiV3Schema, "");

    /// <summary>
    /// Compiles a schema found at <paramref name="fieldPath"/> in a CRD
    /// (<c>spec.versions[0].schema.openAPIV3Schema</c>), so problems name the CRD field to fix.
    /// </summary>
    /// <exception cref="ApiError">422 Invalid, <c>CustomResourceDefinition.apiextensions.k8s.io "crdName" is invalid: ...</c>.</exception>
    public static StructuralSchema Compile(JsonElement openApiV3Schema, string fieldPath, string crdName = "")
    {
        if (TryCompile(openApiV3Schema, fieldPath, out var schema, out var errors))
        {
            return schema;
        }
        throw ApiError.Invalid(CrdKind, crdName, CrdGroup, errors);
    }

    /// <summary>
    /// Compiles a schema, or returns the causes that keep it from compiling, so a caller checking a
    /// whole CRD can report them together with its own.
    /// </summary>
    public static bool TryCompile(JsonElement openApiV3Schema, string fieldPath,
        [NotNullWhen(true)] out StructuralSchema? schema, out IReadOnlyList<StatusCause> errors)
    {
        var source = openApiV3Schema.Clone();
        var (root, problems) = SchemaCompiler.Compile(source, fieldPath);
        errors = problems;
        schema = root is null ? null : new StructuralSchema(source, root);
        return schema is not null;
    }

    /// <summary>Every problem of a custom resource, with its field path, as the server words it.</summary>
    public IReadOnlyList<StatusCause> Validate(JsonNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var errors = new List<StatusCause>();
        SchemaValidator.ValidateResource(Root, obj, errors);
        EmbeddedResources.Validate(Root, obj, errors);
        ListTypes.Validate(Root, obj, errors);
        return errors;
    }

    /// <summary>Fills in defaults where fields are absent (or null without being nullable), in place.</summary>
    public void ApplyDefaults(JsonNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        SchemaDefaulter.DefaultResource(Root, obj);
    }

    /// <summary>
    /// Removes, in place, the fields the schema does not declare and returns their paths in order
    /// (<c>spec.foo</c>, <c>spec.steps[1].bar</c>); see <see cref="UnknownFields"/> for what to answer.
    /// </summary>
    public IReadOnlyList<string> Prune(JsonNode obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return SchemaPruner.PruneResource(Root, obj);
    }
}
