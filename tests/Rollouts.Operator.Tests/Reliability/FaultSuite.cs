using System.Globalization;

namespace Rollouts.Operator.Tests.Reliability;

/// <summary>
/// How big a run of the fault suite is. The normal test run takes a small seeded subset of each part; with
/// <c>FAULTS_FULL=1</c> in the environment every part runs at the counts of docs/reliability.md. <c>FAULTS_SEED=N</c>
/// repeats a run (the seed is printed in every failure).
/// </summary>
internal static class FaultSuite
{
    public static bool Full { get; } = Environment.GetEnvironmentVariable("FAULTS_FULL") is "1" or "true";

    public static int Seed { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("FAULTS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : 9;

    /// <summary><paramref name="ci"/> in the normal run, <paramref name="full"/> with FAULTS_FULL=1.</summary>
    public static T Pick<T>(T ci, T full) => Full ? full : ci;
}
