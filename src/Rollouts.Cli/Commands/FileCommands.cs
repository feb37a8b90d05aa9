using System.CommandLine;
using System.Globalization;
using System.Text;
using Rollouts.Api.Analysis;
using Rollouts.Api.Common;
using Rollouts.Api.Rollouts;
using Rollouts.Cli.Analysis;
using Rollouts.Cli.Cluster;
using Rollouts.Cli.Files;
using Rollouts.Cli.Planning;
using Rollouts.Engine.Analysis;
using Rollouts.Kubernetes.Models;

namespace Rollouts.Cli.Commands;

/// <summary><c>lint -f</c>, <c>plan -f</c> and <c>analyze -f</c>: offline (analyze asks the metric provider only).</summary>
internal static class FileCommands
{
    public static Command Lint(CliConsole console)
    {
        var command = new Command("lint", "Check Rollouts and AnalysisTemplates in a file with the operator's validators; exit 1 on any error");
        var file = FileOption();
        command.Options.Add(file);
        command.SetAction(async (result, _) =>
        {
            var objects = Manifests.Read(result.GetValue(file)!);
            var (text, errors) = LintReport(objects);
            await console.Out.WriteAsync(text).ConfigureAwait(false);
            return errors == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>Every problem of every object, each at its field path, and how many there are.</summary>
    public static (string Text, int Errors) LintReport(IReadOnlyList<ManifestObject> objects)
    {
        var text = new StringBuilder();
        var total = 0;
        var checkedCount = 0;
        foreach (var item in objects)
        {
            IReadOnlyList<ValidationError>? errors = item.Item switch
            {
                Rollout rollout => RolloutValidation.Validate(rollout),
                AnalysisTemplate template => AnalysisLint.Check(template),
                ClusterAnalysisTemplate template => AnalysisLint.Check(template),
                _ => null,
            };
            if (item.Error is { } unreadable)
            {
                text.Append(CultureInfo.InvariantCulture, $"{item.Where}: {unreadable}\n");
                total++;
                continue;
            }

            if (errors is null)
            {
                continue;
            }

            checkedCount++;
            foreach (var error in errors)
            {
                text.Append(CultureInfo.InvariantCulture, $"{item.Where}: {error.Field}: {error.Message}\n");
            }

            total += errors.Count;
        }

        text.Append(total == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{checkedCount} object{(checkedCount == 1 ? "" : "s")} checked, no problems\n")
            : string.Create(CultureInfo.InvariantCulture, $"{total} problem{(total == 1 ? "" : "s")} in {checkedCount} object{(checkedCount == 1 ? "" : "s")} checked\n"));
        return (text.ToString(), total);
    }

    public static Command Plan(CliConsole console)
    {
        var command = new Command("plan", "Show, offline, the steps an update of each Rollout in a file goes through and the least time it takes");
        var file = FileOption();
        command.Options.Add(file);
        command.SetAction(async (result, _) =>
        {
            var objects = Manifests.Read(result.GetValue(file)!);
            var (lint, errors) = LintReport(objects);
            if (errors > 0)
            {
                await console.Error.WriteAsync(lint).ConfigureAwait(false);
                return ExitCodes.Failed;
            }

            var rollouts = objects.Rollouts().ToList();
            if (rollouts.Count == 0)
            {
                throw new CliException($"{result.GetValue(file)} holds no Rollout to plan");
            }

            var code = ExitCodes.Ok;
            foreach (var rollout in rollouts)
            {
                var outcome = PlanSimulation.Run(rollout, objects.OfType<Service>(), objects.OfType<Ingress>(), objects.Templates());
                await console.Out.WriteAsync(PlanView.Render(rollout, outcome)).ConfigureAwait(false);
                code = outcome.Stuck is null ? code : ExitCodes.Failed;
            }

            return code;
        });
        return command;
    }

    public static Command Analyze(GlobalOptions global, CliConsole console, TimeProvider time)
    {
        var command = new Command("analyze", "Measure each metric of an AnalysisTemplate once, now, and print values and verdicts");
        var file = FileOption();
        var args = new Option<string[]>("--arg") { Description = "A template argument as name=value; repeat for more", AllowMultipleArgumentsPerToken = false };
        args.Validators.Add(r =>
        {
            foreach (var token in r.Tokens)
            {
                if (token.Value.IndexOf('=', StringComparison.Ordinal) <= 0)
                {
                    r.AddError($"--arg \"{token.Value}\" is not name=value");
                }
            }
        });
        var prometheus = new Option<string?>("--prometheus-address")
        {
            Description = "The Prometheus of metrics that name no address (as the operator's --prometheus-address)",
        };
        command.Options.Add(file);
        command.Options.Add(args);
        command.Options.Add(prometheus);
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = result.GetValue(file)!;
            var objects = Manifests.Read(path);
            if (objects.FirstOrDefault(o => o.Error is not null && o.Kind is "AnalysisTemplate" or "ClusterAnalysisTemplate") is { } unreadable)
            {
                throw new CliException($"{unreadable.Where}: {unreadable.Error}");
            }

            var specs = objects.Select(o => (Item: o, Spec: o.Item switch
            {
                AnalysisTemplate t => t.Spec ?? new AnalysisTemplateSpec(),
                ClusterAnalysisTemplate t => t.Spec ?? new AnalysisTemplateSpec(),
                _ => null,
            })).Where(x => x.Spec is not null).ToList();
            if (specs.Count == 0)
            {
                throw new CliException($"{path} holds no AnalysisTemplate or ClusterAnalysisTemplate");
            }

            var given = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in (result.GetValue(args) ?? []).Select(a => a.Split('=', 2)))
            {
                if (!given.TryAdd(pair[0], pair[1]))
                {
                    throw new CliException($"--arg {pair[0]} is given twice; give each argument once");
                }
            }

            var defaults = new ProviderDefaults
            {
                PrometheusAddress = result.GetValue(prometheus),
                HowToSetPrometheusAddress = "pass --prometheus-address",
                HowToAllowAddress = "write one such as http://prometheus.monitoring:9090",
            };
            var code = ExitCodes.Ok;
            using var secrets = new AnalysisSecrets(() => ClusterSession.Open(global.Settings(result)));
            foreach (var (item, spec) in specs)
            {
                var problems = AnalysisLint.Check(spec!);
                if (problems.Count > 0)
                {
                    throw new CliException($"{item.Where} is invalid: {string.Join("; ", problems)}");
                }

                var report = await AnalyzeRunner.RunAsync(spec!, given, secrets, defaults, time, cancellationToken).ConfigureAwait(false);
                await console.Out.WriteAsync(AnalyzeView.Render($"{item.Kind} {item.Name}", report)).ConfigureAwait(false);
                foreach (var error in AnalyzeView.Errors(report))
                {
                    await console.Error.WriteLineAsync($"error: {item.Kind} {item.Name}: {error}").ConfigureAwait(false);
                }

                code = report.Successful ? code : ExitCodes.Failed;
            }

            return code;
        });
        return command;
    }

    private static Option<string> FileOption() => new("--filename", "-f")
    {
        Description = "The file to read (YAML or JSON, several documents allowed); - reads standard input",
        Required = true,
    };
}
