using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Rollouts.Bench.Micro -- --filter '*' --job short --inProcess
// Results go to a folder under the temp directory unless --artifacts names one.
var config = DefaultConfig.Instance.WithArtifactsPath(Path.Combine(Path.GetTempPath(), "rollouts-bench-micro"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
