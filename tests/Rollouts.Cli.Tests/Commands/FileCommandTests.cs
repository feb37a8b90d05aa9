using Rollouts.Cli.Tests.Support;

namespace Rollouts.Cli.Tests.Commands;

/// <summary>kubectl rollouts lint and plan on the samples and on broken files, through the real kubectl (no server needed).</summary>
public sealed class FileCommandTests
{
    [Theory]
    [InlineData("canary-nginx.yaml")]
    [InlineData("canary-gateway.yaml")]
    [InlineData("analysis-success-rate.yaml")]
    public async Task Lint_passes_the_samples(string sample)
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);

        var lint = await kubectl.RolloutsAsync("lint", "-f", RepositoryFiles.Sample(sample));

        Assert.True(lint.ExitCode == 0, lint.ToString());
        Assert.Equal("1 object checked, no problems\n", lint.Stdout);
    }

    [Fact]
    public async Task Lint_passes_the_blue_green_sample_and_names_a_missing_active_service()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-lint-").FullName, "bluegreen.yaml");
        File.WriteAllText(file, File.ReadAllText(RepositoryFiles.Sample("bluegreen.yaml"))
            .Replace("      activeService: web-active\n", "", StringComparison.Ordinal));

        var good = await kubectl.RolloutsAsync("lint", "-f", RepositoryFiles.Sample("bluegreen.yaml"));
        var bad = await kubectl.RolloutsAsync("lint", "-f", file);

        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Equal("2 objects checked, no problems\n", good.Stdout);
        Assert.True(bad.ExitCode == 1, bad.ToString());
        Assert.Matches(@"bluegreen\.yaml:\d+: Rollout web: spec\.strategy\.blueGreen\.activeService: blue-green needs the service that takes production traffic", bad.Stdout);
    }

    [Fact]
    public async Task Plan_shows_the_blue_green_sample_stages_with_the_switch_and_least_time()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);

        var plan = await kubectl.RolloutsAsync("plan", "-f", RepositoryFiles.Sample("bluegreen.yaml"));

        Assert.True(plan.ExitCode == 0, plan.ToString());
        var lines = plan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Rollout web: 3 replicas, blue-green: active web-active, preview web-preview, manual promotion", lines[0]);
        Assert.Matches(@"^STEP\s+ACTION\s+NEW\s+OLD\s+ACTIVE\s+WAIT\s+STARTS AT$", lines[1]);
        Assert.Matches(@"^1\s+new version up behind web-preview\s+3\s+3\s+0%\s+0s$", lines[2]);
        Assert.Matches(@"^2\s+pre-promotion analysis service-success-rate\s+3\s+3\s+0%\s+1m30s\s+0s$", lines[3]);
        Assert.Matches(@"^3\s+pause before promotion\s+3\s+3\s+0%\s+until promoted\s+1m30s$", lines[4]);
        Assert.Matches(@"^4\s+switch web-active to the new version\s+3\s+3\s+100%\s+1m30s$", lines[5]);
        Assert.Matches(@"^5\s+post-promotion analysis service-success-rate\s+3\s+3\s+100%\s+1m30s\s+1m30s$", lines[6]);
        Assert.Equal("Least time: 3m, plus 1 manual promote (pods taken as ready at once)", lines[^1]);
    }

    [Fact]
    public async Task Lint_names_every_problem_with_its_file_line_and_field_path()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-lint-").FullName, "bad.yaml");
        var rollout = File.ReadAllText(RepositoryFiles.Sample("canary-nginx.yaml"))
            .Replace("      - setWeight: 20\n", "      - setWeight: 120\n", StringComparison.Ordinal);
        var template = File.ReadAllText(RepositoryFiles.Sample("analysis-success-rate.yaml"))
            .Replace("successCondition: result[0] >= 0.95", "successCondition: result[0] >=", StringComparison.Ordinal);
        File.WriteAllText(file, rollout + "\n---\n" + template);

        var lint = await kubectl.RolloutsAsync("lint", "-f", file);

        Assert.True(lint.ExitCode == 1, lint.ToString());
        Assert.Matches(@"bad\.yaml:\d+: Rollout web: spec\.strategy\.canary\.steps\[0\]\.setWeight: .*120", lint.Stdout);
        Assert.Matches(@"bad\.yaml:\d+: AnalysisTemplate success-rate: spec\.metrics\[0\]\.successCondition: ""result\[0\] >="" is not a valid condition", lint.Stdout);
        Assert.EndsWith("2 problems in 2 objects checked\n", lint.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lint_reports_a_file_that_is_not_yaml()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-lint-").FullName, "broken.yaml");
        File.WriteAllText(file, "kind: Rollout\nspec: [unclosed\n");

        var lint = await kubectl.RolloutsAsync("lint", "-f", file);

        Assert.Equal(1, lint.ExitCode);
        Assert.Contains("broken.yaml: not valid YAML", lint.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Plan_shows_the_sample_steps_with_replicas_weights_and_least_time()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);

        var plan = await kubectl.RolloutsAsync("plan", "-f", RepositoryFiles.Sample("canary-nginx.yaml"));

        Assert.True(plan.ExitCode == 0, plan.ToString());
        var lines = plan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Rollout web: 5 replicas, canary with 4 steps, NGINX traffic routing", lines[0]);
        Assert.Matches(@"^1\s+setWeight 20\s+1\s+5\s+20%\s+0s$", lines[2]);
        Assert.Matches(@"^2\s+pause 30s\s+1\s+5\s+20%\s+30s\s+0s$", lines[3]);
        Assert.Matches(@"^3\s+setWeight 50\s+3\s+5\s+50%\s+30s$", lines[4]);
        Assert.Matches(@"^4\s+pause \(until promoted\)\s+3\s+5\s+50%\s+until promoted\s+30s$", lines[5]);
        Assert.Equal("Least time: 30s, plus 1 manual promote (pods taken as ready at once)", lines[^1]);
    }

    [Fact]
    public async Task Plan_shows_the_gateway_sample_with_its_header_route_step()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);

        var plan = await kubectl.RolloutsAsync("plan", "-f", RepositoryFiles.Sample("canary-gateway.yaml"));

        Assert.True(plan.ExitCode == 0, plan.ToString());
        var lines = plan.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Rollout web: 5 replicas, canary with 5 steps, Gateway API traffic routing (HTTPRoute)", lines[0]);
        Assert.Matches(@"^1\s+setWeight 20\s+1\s+5\s+20%\s+0s$", lines[2]);
        Assert.Matches(@"^3\s+setHeaderRoute canary-header x-canary=always\s+1\s+5\s+20%\s+30s$", lines[4]);
        Assert.Matches(@"^4\s+setWeight 50\s+3\s+5\s+50%\s+30s$", lines[5]);
        Assert.Equal("Least time: 30s, plus 1 manual promote (pods taken as ready at once)", lines[^1]);
    }

    [Fact]
    public async Task Lint_names_the_header_route_missing_from_managed_routes()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);
        var path = Path.Combine(Path.GetTempPath(), $"gateway-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(path, File.ReadAllText(RepositoryFiles.Sample("canary-gateway.yaml")).Replace("name: canary-header\n          match", "name: canary-other\n          match", StringComparison.Ordinal));

        try
        {
            var lint = await kubectl.RolloutsAsync("lint", "-f", path);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains("spec.strategy.canary.steps[2].setHeaderRoute.name", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
            Assert.Contains("route \"canary-other\" is not in spec.strategy.canary.trafficRouting.managedRoutes", lint.Stdout + lint.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Plan_counts_analysis_steps_by_their_templates_intervals()
    {
        var kubectl = await PluginRunner.StartAsync(kubeconfig: null);
        var file = Path.Combine(Directory.CreateTempSubdirectory("rollouts-plan-").FullName, "analysis.yaml");
        var rollout = File.ReadAllText(RepositoryFiles.Sample("canary-nginx.yaml"))
            .Replace("      - pause: {}\n",
                "      - analysis: {templates: [{templateName: success-rate}], args: [{name: service-name, value: web-canary}, {name: canary-hash, valueFrom: {podTemplateHashValue: Latest}}]}\n",
                StringComparison.Ordinal);
        File.WriteAllText(file, rollout + "\n---\n" + File.ReadAllText(RepositoryFiles.Sample("analysis-success-rate.yaml")));

        var plan = await kubectl.RolloutsAsync("plan", "-f", file);

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Matches(@"\n4\s+analysis success-rate\s+3\s+5\s+50%\s+4m\s+30s\n", plan.Stdout);
        Assert.EndsWith("Least time: 4m30s (pods taken as ready at once)\n", plan.Stdout, StringComparison.Ordinal);
    }
}
