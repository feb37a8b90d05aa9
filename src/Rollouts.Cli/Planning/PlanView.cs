using System.Globalization;
using System.Text;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;

namespace Rollouts.Cli.Planning;

/// <summary>The steps of a simulated update as a table, then the least time it takes.</summary>
internal static class PlanView
{
    public static string Render(Rollout rollout, PlanOutcome outcome)
    {
        var spec = rollout.Spec ?? new RolloutSpec();
        var canary = spec.Strategy?.Canary;
        var blueGreen = spec.Strategy?.BlueGreen;
        var routing = canary?.TrafficRouting?.Nginx is not null ? "NGINX traffic routing"
            : GatewayApiTrafficRouting.Of(canary?.TrafficRouting) is not null ? "Gateway API traffic routing (HTTPRoute)"
            : "traffic by pod ratio";
        var text = new StringBuilder();
        var (newer, older, weight) = blueGreen is null ? ("CANARY", "STABLE", "WEIGHT") : ("NEW", "OLD", "ACTIVE");
        if (blueGreen is not null)
        {
            var preview = blueGreen.PreviewService is { } service ? $", preview {service}" : "";
            var promotion = blueGreen.AutoPromotionEnabled == false ? "manual promotion"
                : blueGreen.AutoPromotionSeconds is > 0 and var seconds ? string.Create(CultureInfo.InvariantCulture, $"automatic promotion after {seconds}s")
                : "automatic promotion";
            text.Append(CultureInfo.InvariantCulture,
                $"Rollout {rollout.Metadata.Name}: {spec.Replicas ?? RolloutDefaults.Replicas} replicas, blue-green: active {blueGreen.ActiveService}{preview}, {promotion}\n");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture,
                $"Rollout {rollout.Metadata.Name}: {spec.Replicas ?? RolloutDefaults.Replicas} replicas, canary with {canary?.Steps?.Count ?? 0} steps, {routing}\n");
        }

        var rows = outcome.Rows;
        var action = Math.Max("ACTION".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Action.Length));
        var wait = Math.Max("WAIT".Length, rows.Count == 0 ? 0 : rows.Max(r => r.Wait.Length));
        text.Append(CultureInfo.InvariantCulture, $"{"STEP",-5} {"ACTION".PadRight(action)}  {newer,6}  {older,6}  {weight,6}  {"WAIT".PadRight(wait)}  STARTS AT\n");
        foreach (var row in rows)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"{row.Step,-5} {row.Action.PadRight(action)}  {row.Canary,6}  {row.Stable,6}  {row.Weight + "%",6}  {row.Wait.PadRight(wait)}  {Durations.Format(row.At)}\n");
        }

        if (outcome.Stuck is { } stuck)
        {
            text.Append(CultureInfo.InvariantCulture, $"The update does not finish: {stuck}\n");
            return text.ToString();
        }

        var manual = outcome.Promotions switch
        {
            0 => "",
            1 => ", plus 1 manual promote",
            var n => string.Create(CultureInfo.InvariantCulture, $", plus {n} manual promotes"),
        };
        text.Append(CultureInfo.InvariantCulture, $"Least time: {Durations.Format(outcome.LeastTime)}{manual} (pods taken as ready at once)\n");
        return text.ToString();
    }
}
