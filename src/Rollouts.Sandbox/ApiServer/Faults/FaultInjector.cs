using System.Collections.Immutable;
using Rollouts.Sandbox.ApiServer.Errors;

namespace Rollouts.Sandbox.ApiServer.Faults;

/// <summary>
/// The faults in force. Rules are an immutable list replaced whole; randomness is seeded so a run that
/// injects faults can be repeated.
/// </summary>
public sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private ImmutableList<RuleState> _rules = [];
    private ImmutableList<WatchFault> _watchFaults = [];

    public FaultInjector(int seed = 1) => _random = new Random(seed);

    /// <summary>Adds a rule; disposing the result removes it.</summary>
    public IDisposable Add(FaultRule rule)
    {
        var state = new RuleState(rule);
        lock (_gate)
        {
            _rules = _rules.Add(state);
        }

        return new Removal(() => { lock (_gate) { _rules = _rules.Remove(state); } });
    }

    /// <summary>Cuts matching watch streams; disposing the result removes the fault.</summary>
    public IDisposable Add(WatchFault fault)
    {
        lock (_gate)
        {
            _watchFaults = _watchFaults.Add(fault);
        }

        return new Removal(() => { lock (_gate) { _watchFaults = _watchFaults.Remove(fault); } });
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules = [];
            _watchFaults = [];
        }
    }

    public IReadOnlyList<FaultRule> Rules => [.. _rules.Select(r => r.Rule)];

    /// <summary>The latency to add to a request and the error to answer it with, if any.</summary>
    public (TimeSpan Latency, ApiError? Error) Decide(string verb, string resource)
    {
        var rules = Volatile.Read(ref _rules);
        if (rules.IsEmpty)
        {
            return (TimeSpan.Zero, null);
        }

        var latency = TimeSpan.Zero;
        ApiError? error = null;
        lock (_gate)
        {
            foreach (var state in rules)
            {
                if (!state.Rule.Matches(verb, resource))
                {
                    continue;
                }

                latency += state.Rule.Latency;
                if (error is null && state.Rule.ErrorRate > 0 && state.Remaining != 0 && _random.NextDouble() < state.Rule.ErrorRate)
                {
                    state.Remaining--;
                    error = Error(state.Rule, verb, resource);
                }
            }
        }

        return (latency, error);
    }

    /// <summary>When a watch of <paramref name="resource"/> must be cut: after N events and/or after a duration.</summary>
    public (int? AfterEvents, TimeSpan? AfterDuration) WatchLimits(string resource)
    {
        int? events = null;
        TimeSpan? duration = null;
        foreach (var fault in Volatile.Read(ref _watchFaults))
        {
            if (!fault.Matches(resource))
            {
                continue;
            }

            events = Min(events, fault.AfterEvents);
            duration = fault.AfterDuration is { } d && (duration is null || d < duration) ? d : duration;
        }

        return (events, duration);
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static ApiError Error(FaultRule rule, string verb, string resource) => rule.ErrorCode switch
    {
        429 => new ApiError(429, "TooManyRequests", "the server has received too many requests and has asked us to try again later",
            retryAfterSeconds: rule.RetryAfterSeconds ?? 1),
        409 => new ApiError(409, "Conflict", $"Operation cannot be fulfilled on {resource}: injected conflict for {verb}"),
        503 => new ApiError(503, "ServiceUnavailable", "the server is currently unable to handle the request", retryAfterSeconds: rule.RetryAfterSeconds),
        500 => new ApiError(500, "InternalError", $"Internal error occurred: injected fault for {verb} {resource}"),
        var code => new ApiError(code, "InternalError", $"injected fault {code} for {verb} {resource}", retryAfterSeconds: rule.RetryAfterSeconds),
    };

    private sealed class RuleState(FaultRule rule)
    {
        public FaultRule Rule { get; } = rule;
        public int Remaining { get; set; } = rule.Times ?? -1;
    }

    private sealed class Removal(Action remove) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                remove();
            }
        }
    }
}
