using System.Globalization;
using System.Text.RegularExpressions;

namespace Rollouts.Sandbox.ApiServer.Resources;

/// <summary>
/// Orders API versions as Kubernetes does: GA before beta before alpha, higher numbers first
/// (v2, v1, v1beta2, v1beta1, v1alpha1), then versions that do not look like Kubernetes versions,
/// alphabetically. The first version of a group in this order is its preferred version.
/// </summary>
public sealed partial class KubeVersionOrder : IComparer<string>
{
    public static readonly KubeVersionOrder Instance = new();

    private KubeVersionOrder()
    {
    }

    /// <summary>Negative when <paramref name="x"/> is preferred over <paramref name="y"/>.</summary>
    public int Compare(string? x, string? y)
    {
        var a = Parse(x ?? "");
        var b = Parse(y ?? "");
        if (a is null || b is null)
        {
            if (a is not null)
            {
                return -1;
            }
            return b is not null ? 1 : string.CompareOrdinal(x, y);
        }
        if (a.Value.Stability != b.Value.Stability)
        {
            return b.Value.Stability.CompareTo(a.Value.Stability);
        }
        if (a.Value.Major != b.Value.Major)
        {
            return b.Value.Major.CompareTo(a.Value.Major);
        }
        return b.Value.Minor.CompareTo(a.Value.Minor);
    }

    private static (int Stability, long Major, long Minor)? Parse(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success)
        {
            return null;
        }
        var major = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var stability = match.Groups[2].Value switch
        {
            "beta" => 1,
            "alpha" => 0,
            _ => 2,
        };
        var minor = match.Groups[3].Success ? long.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture) : 0;
        return (stability, major, minor);
    }

    [GeneratedRegex(@"^v([1-9][0-9]{0,8})(?:(alpha|beta)([1-9][0-9]{0,8}))?$")]
    private static partial Regex VersionPattern();
}
