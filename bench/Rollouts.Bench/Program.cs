using System.Text.Json;
using Rollouts.Bench;
using Rollouts.Sandbox.Processes;

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchArguments.Usage);
    return 2;
}

var log = Console.Out;
var root = OperatorPublish.FindRepositoryRoot();
var operatorAssembly = arguments.OperatorAssembly;
if (operatorAssembly is null)
{
    var output = Path.Combine(Path.GetTempPath(), "rollouts-bench-operator");
    log.WriteLine($"publishing {OperatorPublish.Project} to {output} ...");
    operatorAssembly = await OperatorPublish.PublishAsync(root, output);
}

log.WriteLine($"machine: {Environment.ProcessorCount} cores; load average {BenchMachine.LoadAverage()}");
string json;
switch (arguments.Mode)
{
    case "scale":
    {
        var report = await new ScaleBenchmark(operatorAssembly, arguments.OperatorEnvironment, arguments.OperatorArguments, log).RunAsync(arguments.Rollouts);
        json = JsonSerializer.Serialize(report, BenchJsonContext.Default.ScaleReport);
        break;
    }

    case "idle":
        json = JsonSerializer.Serialize(
            await new IdleBenchmark(operatorAssembly, arguments.OperatorEnvironment, arguments.OperatorArguments, log).RunAsync(arguments.Rollouts, TimeSpan.FromSeconds(arguments.Seconds)),
            BenchJsonContext.Default.DictionaryStringDouble);
        break;
    case "abort":
        json = JsonSerializer.Serialize(await new AbortBenchmark(operatorAssembly, arguments.OperatorEnvironment, arguments.OperatorArguments, log).RunAsync(), BenchJsonContext.Default.DictionaryStringDouble);
        break;
    default:
        json = JsonSerializer.Serialize(await new CliBenchmark(operatorAssembly, arguments.OperatorEnvironment, arguments.OperatorArguments, root, log).RunAsync(arguments.Runs), BenchJsonContext.Default.DictionaryStringDouble);
        break;
}

log.WriteLine($"load average at the end {BenchMachine.LoadAverage()}");
log.WriteLine(json);
if (arguments.JsonPath is not null)
{
    await File.WriteAllTextAsync(arguments.JsonPath, json + "\n");
}

return 0;
