using System.Collections.Immutable;
using System.Globalization;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>The operators of a label selector requirement.</summary>
public enum LabelOperator
{
    /// <summary><c>k=v</c></summary>
    Equals,

    /// <summary><c>k==v</c></summary>
    DoubleEquals,

    /// <summary><c>k!=v</c>: also true when the label is absent.</summary>
    NotEquals,

    /// <summary><c>k in (a,b)</c></summary>
    In,

    /// <summary><c>k notin (a,b)</c>: also true when the label is absent.</summary>
    NotIn,

    /// <summary><c>k</c></summary>
    Exists,

    /// <summary><c>!k</c></summary>
    DoesNotExist,

    /// <summary><c>k&gt;n</c>: the label is an integer greater than n.</summary>
    GreaterThan,

    /// <summary><c>k&lt;n</c>: the label is an integer less than n.</summary>
    LessThan,
}

/// <summary>One condition of a label selector; a selector matches when all of its requirements do.</summary>
public sealed record LabelRequirement(string Key, LabelOperator Operator, ImmutableArray<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Equals or LabelOperator.DoubleEquals or LabelOperator.In => present && Values.Contains(value!),
            LabelOperator.NotEquals or LabelOperator.NotIn => !present || !Values.Contains(value!),
            LabelOperator.Exists => present,
            LabelOperator.DoesNotExist => !present,
            LabelOperator.GreaterThan => present && Compare(value!) is > 0,
            LabelOperator.LessThan => present && Compare(value!) is < 0,
            _ => false,
        };
    }

    /// <summary>The canonical text: <c>k=v</c>, <c>k in (a,b)</c> (values sorted), <c>!k</c>, ...</summary>
    public override string ToString()
    {
        var values = string.Join(",", Values.Order(StringComparer.Ordinal));
        return Operator switch
        {
            LabelOperator.Equals => $"{Key}={values}",
            LabelOperator.DoubleEquals => $"{Key}=={values}",
            LabelOperator.NotEquals => $"{Key}!={values}",
            LabelOperator.In => $"{Key} in ({values})",
            LabelOperator.NotIn => $"{Key} notin ({values})",
            LabelOperator.Exists => Key,
            LabelOperator.DoesNotExist => $"!{Key}",
            LabelOperator.GreaterThan => $"{Key}>{values}",
            LabelOperator.LessThan => $"{Key}<{values}",
            _ => Key,
        };
    }

    public bool Equals(LabelRequirement? other) =>
        other is not null && Key == other.Key && Operator == other.Operator && Values.SequenceEqual(other.Values);

    public override int GetHashCode() => HashCode.Combine(Key, Operator, Values.Length);

    /// <summary>Compares an integer label with the requirement's integer; null when the label is not an integer.</summary>
    private int? Compare(string value) =>
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var actual)
            ? actual.CompareTo(long.Parse(Values[0], CultureInfo.InvariantCulture))
            : null;
}
