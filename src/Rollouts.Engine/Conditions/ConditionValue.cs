using System.Globalization;

namespace Rollouts.Engine.Conditions;

/// <summary>The kind of a <see cref="ConditionValue"/>.</summary>
public enum ConditionValueKind
{
    Missing,
    Number,
    String,
    Boolean,
    List,
}

/// <summary>
/// A value a condition works on: a number (double, NaN and infinities allowed), a string, a boolean, a list of
/// values, or missing (no data, or an element past the end of a list). Immutable.
/// </summary>
public sealed class ConditionValue : IEquatable<ConditionValue>
{
    private static readonly ConditionValue TrueValue = new(ConditionValueKind.Boolean, 0, null, true, [], null);
    private static readonly ConditionValue FalseValue = new(ConditionValueKind.Boolean, 0, null, false, [], null);

    /// <summary>No data.</summary>
    public static readonly ConditionValue Missing = new(ConditionValueKind.Missing, 0, null, false, [], "result is missing");

    private readonly double _number;
    private readonly string? _text;
    private readonly bool _boolean;
    private readonly IReadOnlyList<ConditionValue> _items;

    private ConditionValue(ConditionValueKind kind, double number, string? text, bool boolean, IReadOnlyList<ConditionValue> items, string? missingReason)
    {
        Kind = kind;
        _number = number;
        _text = text;
        _boolean = boolean;
        _items = items;
        MissingReason = missingReason;
    }

    public ConditionValueKind Kind { get; }

    /// <summary>For a missing value: why it is missing (for error messages).</summary>
    public string? MissingReason { get; }

    public double AsNumber => Kind == ConditionValueKind.Number ? _number : throw WrongKind(ConditionValueKind.Number);

    public string AsString => Kind == ConditionValueKind.String ? _text! : throw WrongKind(ConditionValueKind.String);

    public bool AsBoolean => Kind == ConditionValueKind.Boolean ? _boolean : throw WrongKind(ConditionValueKind.Boolean);

    public IReadOnlyList<ConditionValue> AsList => Kind == ConditionValueKind.List ? _items : throw WrongKind(ConditionValueKind.List);

    public static ConditionValue Number(double value) => new(ConditionValueKind.Number, value, null, false, [], null);

    public static ConditionValue String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(ConditionValueKind.String, 0, value, false, [], null);
    }

    public static ConditionValue Boolean(bool value) => value ? TrueValue : FalseValue;

    public static ConditionValue List(IEnumerable<ConditionValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new(ConditionValueKind.List, 0, null, false, items.ToArray(), null);
    }

    /// <summary>A list of numbers, as a query with several series returns.</summary>
    public static ConditionValue Numbers(params IEnumerable<double> values) => List(values.Select(Number));

    /// <summary>A missing value that says why it is missing.</summary>
    public static ConditionValue MissingBecause(string reason) =>
        new(ConditionValueKind.Missing, 0, null, false, [], reason);

    /// <summary>A short name of the kind, for error messages ("a number", "a list").</summary>
    public string Describe() => Kind switch
    {
        ConditionValueKind.Missing => "a missing value",
        ConditionValueKind.Number => "a number",
        ConditionValueKind.String => "a string",
        ConditionValueKind.Boolean => "a boolean",
        _ => "a list",
    };

    public bool Equals(ConditionValue? other) =>
        other is not null && Kind == other.Kind && Kind switch
        {
            ConditionValueKind.Missing => true,
            ConditionValueKind.Number => _number.Equals(other._number),
            ConditionValueKind.String => string.Equals(_text, other._text, StringComparison.Ordinal),
            ConditionValueKind.Boolean => _boolean == other._boolean,
            _ => _items.SequenceEqual(other._items),
        };

    public override bool Equals(object? obj) => Equals(obj as ConditionValue);

    public override int GetHashCode() => Kind switch
    {
        ConditionValueKind.Number => HashCode.Combine(Kind, _number),
        ConditionValueKind.String => HashCode.Combine(Kind, _text),
        ConditionValueKind.Boolean => HashCode.Combine(Kind, _boolean),
        ConditionValueKind.List => HashCode.Combine(Kind, _items.Count),
        _ => Kind.GetHashCode(),
    };

    public override string ToString() => Kind switch
    {
        ConditionValueKind.Missing => "missing",
        ConditionValueKind.Number => _number.ToString("R", CultureInfo.InvariantCulture),
        ConditionValueKind.String => "\"" + _text + "\"",
        ConditionValueKind.Boolean => _boolean ? "true" : "false",
        _ => "[" + string.Join(", ", _items) + "]",
    };

    private InvalidOperationException WrongKind(ConditionValueKind wanted) =>
        new($"The value is {Describe()}, not {wanted}.");
}
