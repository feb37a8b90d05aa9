using System.Text.RegularExpressions;

namespace Rollouts.Sandbox.ApiServer.Selectors;

/// <summary>
/// The rules for label keys (qualified names with an optional DNS subdomain prefix) and label values, with the
/// messages the real server gives for each broken rule.
/// </summary>
internal static partial class LabelValidation
{
    private const int NameMaxLength = 63;
    private const int PrefixMaxLength = 253;
    private const int ValueMaxLength = 63;

    private const string NameFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string PrefixFormat = @"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
    private const string ValueFormat = "(" + NameFormat + ")?";

    private static readonly string NameRule = RegexError(
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        NameFormat, "MyName", "my.name", "123-abc");

    private static readonly string PrefixRule = RegexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        PrefixFormat, "example.com");

    private static readonly string ValueRule = RegexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        ValueFormat, "MyValue", "my_value", "12345");

    /// <summary>What is wrong with a label key; empty when it is valid.</summary>
    public static List<string> KeyErrors(string key)
    {
        var errors = new List<string>();
        var parts = key.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errors.Add("prefix part must be non-empty");
                }
                else
                {
                    if (prefix.Length > PrefixMaxLength)
                    {
                        errors.Add($"prefix part must be no more than {PrefixMaxLength} characters");
                    }

                    if (!Prefix().IsMatch(prefix))
                    {
                        errors.Add("prefix part " + PrefixRule);
                    }
                }

                break;
            default:
                errors.Add("a qualified name " + NameRule + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errors;
        }

        if (name.Length == 0)
        {
            errors.Add("name part must be non-empty");
        }
        else if (name.Length > NameMaxLength)
        {
            errors.Add($"name part must be no more than {NameMaxLength} characters");
        }

        if (!Name().IsMatch(name))
        {
            errors.Add("name part " + NameRule);
        }

        return errors;
    }

    /// <summary>What is wrong with a label value; empty when it is valid.</summary>
    public static List<string> ValueErrors(string value)
    {
        var errors = new List<string>();
        if (value.Length > ValueMaxLength)
        {
            errors.Add($"must be no more than {ValueMaxLength} characters");
        }

        if (!Value().IsMatch(value))
        {
            errors.Add(ValueRule);
        }

        return errors;
    }

    /// <summary>A field error as the API words it: <c>Invalid value: "x": why</c>.</summary>
    public static string InvalidValue(string value, string why) => $"Invalid value: \"{value}\": {why}";

    private static string RegexError(string message, string format, params string[] examples) =>
        $"{message} (e.g. {string.Join(" or ", examples.Select(example => $"'{example}', "))}regex used for validation is '{format}')";

    [GeneratedRegex("^" + NameFormat + "$")]
    private static partial Regex Name();

    [GeneratedRegex("^" + PrefixFormat + "$")]
    private static partial Regex Prefix();

    [GeneratedRegex("^" + ValueFormat + "$")]
    private static partial Regex Value();
}
