using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Rollouts.Api.Rollouts;
using Rollouts.Api.Schema;

namespace Rollouts.Api.Analysis;

/// <summary>
/// An argument of an analysis, used in metrics as <c>{{args.name}}</c>. In a template, one without a value is an
/// input the Rollout must give; in a run, each has exactly one of <see cref="Value"/> or <see cref="ValueFrom"/>.
/// </summary>
public sealed record AnalysisArgument
{
    [Description("The argument's name, as metrics write it in {{args.name}}.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("The value.")]
    public string? Value { get; init; }

    [Description("Where the value comes from instead of value: a Secret's key, a field of the Rollout, or a pod-template hash.")]
    public ArgumentValueFrom? ValueFrom { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }

    /// <summary>
    /// The argument a Rollout's analysis block passes (<see cref="AnalysisRunArgument"/>, whose valueFrom is kept
    /// as written), read as an analysis argument. A valueFrom that is not an object is left out for validation of
    /// the Rollout to report.
    /// </summary>
    public static AnalysisArgument FromRollout(AnalysisRunArgument argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        ArgumentValueFrom? valueFrom = null;
        if (argument.ValueFrom is { ValueKind: JsonValueKind.Object } element)
        {
            valueFrom = element.Deserialize(RolloutsJsonContext.Default.ArgumentValueFrom);
        }

        return new AnalysisArgument { Name = argument.Name, Value = argument.Value, ValueFrom = valueFrom };
    }
}

/// <summary>The source of an argument's value. Exactly one field is set.</summary>
public sealed record ArgumentValueFrom
{
    [Description("A key of a Secret in the analysis' namespace. Its value is read when measuring and never written to status.")]
    public SecretKeyReference? SecretKeyRef { get; init; }

    [Description("A field of the Rollout, such as metadata.name or metadata.labels['app'].")]
    public FieldReference? FieldRef { get; init; }

    [Description("The pod-template hash of the Stable or the Latest (canary) pods, as on their rollouts-pod-template-hash label.")]
    [EnumValues(typeof(PodTemplateHashValue))]
    public string? PodTemplateHashValue { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A key of a Secret.</summary>
public sealed record SecretKeyReference
{
    [Description("The Secret's name.")]
    [RequiredField]
    public string? Name { get; init; }

    [Description("The key in the Secret's data.")]
    [RequiredField]
    public string? Key { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>A field of the Rollout the analysis belongs to.</summary>
public sealed record FieldReference
{
    [Description("Path of the field, such as metadata.name or metadata.labels['app'].")]
    [RequiredField]
    public string? FieldPath { get; init; }

    [JsonExtensionData]
    public IDictionary<string, JsonElement>? UnknownFields { get; set; }
}

/// <summary>Which pods' template hash an argument takes.</summary>
public static class PodTemplateHashValue
{
    /// <summary>The stable pods'.</summary>
    public const string Stable = "Stable";

    /// <summary>The newest pods' (the canary's during an update).</summary>
    public const string Latest = "Latest";
}
