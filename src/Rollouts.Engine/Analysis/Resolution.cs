namespace Rollouts.Engine.Analysis;

/// <summary>A value worked out for a measurement (an address, a Secret's key), or why it could not be (a message naming the field).</summary>
public readonly record struct Resolution(string? Value, string? Error)
{
    public static Resolution Done(string value) => new(value, null);

    public static Resolution Failed(string error) => new(null, error);
}
