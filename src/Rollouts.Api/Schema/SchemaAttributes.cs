using System.Reflection;

namespace Rollouts.Api.Schema;

// Constraints the CRD schema states for a field, so that the API server refuses what it can refuse on its own.
// A field's description is System.ComponentModel.DescriptionAttribute; OpenApiSchemaGenerator reads all of them.

/// <summary>The field must be present: it is listed in its object's <c>required</c>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredFieldAttribute : Attribute;

/// <summary>The smallest value a number field may have (<c>minimum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

/// <summary>The largest value a number field may have (<c>maximum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaximumAttribute(long value) : Attribute
{
    public long Value { get; } = value;
}

/// <summary>The fewest items a list field may have (<c>minItems</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinItemsAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}

/// <summary>The only values a string field may have (<c>enum</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class EnumValuesAttribute : Attribute
{
    /// <summary>The values listed.</summary>
    public EnumValuesAttribute(params string[] values) => Values = values;

    /// <summary>The public string constants of <paramref name="constants"/>, in declaration order (e.g. <c>RolloutPhase</c>).</summary>
    public EnumValuesAttribute(Type constants)
    {
        ArgumentNullException.ThrowIfNull(constants);
        Values = [.. constants.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .OrderBy(f => f.MetadataToken)
            .Select(f => (string)f.GetRawConstantValue()!)];
    }

    public IReadOnlyList<string> Values { get; }
}
