using Rollouts.Api.Crds;

namespace Rollouts.Api.Tests.Crds;

/// <summary>
/// crds/ holds what the generator writes from the C# types. When the types change, this test fails until the
/// files are regenerated with <c>UPDATE_CRDS=1 dotnet test tests/Rollouts.Api.Tests --filter CrdFiles</c>.
/// </summary>
public sealed class CrdFilesTests
{
    private const string Regenerate = "UPDATE_CRDS=1 dotnet test tests/Rollouts.Api.Tests --filter CrdFiles";

    [Fact]
    public void Committed_CRD_files_are_what_the_generator_writes()
    {
        var update = Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1";
        foreach (var file in CrdFiles.All)
        {
            var path = Path.Combine(RepositoryFiles.Crds, file.FileName);
            if (update)
            {
                File.WriteAllText(path, file.Yaml);
            }

            var committed = File.Exists(path) ? File.ReadAllText(path) : null;
            Assert.True(committed == file.Yaml,
                $"crds/{file.FileName} is {(committed is null ? "missing" : "out of date")}: the C# types in src/Rollouts.Api changed. Regenerate it with:\n  {Regenerate}\n{FirstDifference(committed ?? "", file.Yaml)}");
        }
    }

    /// <summary>crds/Kustomization (the kustomize base config/crd builds on) lists exactly the generated files.</summary>
    [Fact]
    public void The_kustomization_lists_every_CRD_file()
    {
        var path = Path.Combine(RepositoryFiles.Crds, "Kustomization");
        var expected = string.Join("\n",
        [
            "# Generated with the CRD files (see README.md): the CRDs as a kustomize base, for config/crd.",
            "# Named without .yaml so that `kubectl apply -f crds/` does not read it as an object.",
            "apiVersion: kustomize.config.k8s.io/v1beta1",
            "kind: Kustomization",
            "resources:",
            .. CrdFiles.All.Select(f => $"- {f.FileName}").Order(StringComparer.Ordinal),
            "",
        ]);
        if (Environment.GetEnvironmentVariable("UPDATE_CRDS") == "1")
        {
            File.WriteAllText(path, expected);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == expected,
            $"crds/Kustomization is missing or does not list the generated CRD files. Regenerate it with:\n  {Regenerate}");
    }

    private static string FirstDifference(string committed, string generated)
    {
        var old = committed.Split('\n');
        var now = generated.Split('\n');
        var line = 0;
        while (line < old.Length && line < now.Length && old[line] == now[line])
        {
            line++;
        }

        return $"First difference at line {line + 1}:\n  committed: {old.ElementAtOrDefault(line)}\n  generated: {now.ElementAtOrDefault(line)}";
    }

    [Fact]
    public void No_CRD_file_is_left_over_from_a_removed_resource()
    {
        var generated = CrdFiles.All.Select(f => f.FileName).ToHashSet(StringComparer.Ordinal);
        var committed = Directory.GetFiles(RepositoryFiles.Crds, "*.yaml").Select(Path.GetFileName);

        Assert.All(committed, name => Assert.True(generated.Contains(name!), $"crds/{name} is not generated from any type; delete it."));
    }

    [Fact]
    public void The_generated_text_is_the_same_every_time()
    {
        Assert.Equal(CrdFiles.All.Select(f => f.Yaml), CrdFiles.All.Select(f => f.Yaml));
    }
}
