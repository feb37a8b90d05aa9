using System.Globalization;
using System.Text;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Steering;

namespace Rollouts.Cli.Rendering;

/// <summary><c>list rollouts</c>: one line per Rollout: name, strategy, status, step, weight, images.</summary>
internal static class RolloutListView
{
    public static string Render(IReadOnlyList<Rollout> rollouts, bool withNamespace, TextStyle style)
    {
        var header = new List<string> { "NAME", "STRATEGY", "STATUS", "STEP", "WEIGHT", "IMAGES" };
        if (withNamespace)
        {
            header.Insert(0, "NAMESPACE");
        }

        var rows = new List<List<string>>();
        foreach (var rollout in rollouts.OrderBy(r => r.Metadata.Namespace, StringComparer.Ordinal).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal))
        {
            var status = rollout.Status ?? new RolloutStatus();
            var steps = rollout.Spec?.Strategy?.Canary?.Steps?.Count ?? 0;
            var row = new List<string>
            {
                rollout.Metadata.Name ?? "",
                rollout.Spec?.Strategy?.Canary is not null ? "Canary" : rollout.Spec?.Strategy?.BlueGreen is not null ? "BlueGreen" : "-",
                (status.Phase ?? "Unknown") + (status.Abort == true && SteeringDecisions.UpdateInProgress(rollout) ? " (aborted)" : ""),
                steps == 0 ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Math.Min((status.CurrentStepIndex ?? 0) + 1, steps)}/{steps}"),
                status.Canary?.Weights?.Canary?.Weight is { } weight ? string.Create(CultureInfo.InvariantCulture, $"{weight}") : "-",
                Revisions.Images(rollout.Spec?.Template),
            };
            if (withNamespace)
            {
                row.Insert(0, rollout.Metadata.Namespace ?? "");
            }

            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            return "";
        }

        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToList();
        var statusColumn = header.IndexOf("STATUS");
        var text = new StringBuilder();
        Line(text, header, widths, _ => null);
        foreach (var row in rows)
        {
            Line(text, row, widths, i => i == statusColumn ? style : null);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, List<string> cells, List<int> widths, Func<int, TextStyle?> styleOf)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            var padded = i == cells.Count - 1 ? cell : cell.PadRight(widths[i] + 3);
            if (styleOf(i) is { } style)
            {
                var word = cell.Split(' ')[0];
                padded = style.Status(word) + padded[word.Length..];
            }

            text.Append(padded);
        }

        text.Append('\n');
    }
}
