using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Engine.Planning;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// The promises about traffic, checked at every state the operator writes (across operator instances): when a
/// status is written, the canary ingress in the world holds exactly the weight the status reports, and that
/// weight is at most what the status's step allows (0 after an abort and when no update runs); a weight is
/// raised on the canary ingress only up to what the status stored at that moment allows (the step is recorded
/// before its weight is set). Every plan is also checked with <see cref="PlanInvariants"/>.
/// </summary>
internal sealed class TrafficChecks(ServerState state, string rolloutName, string canaryIngress)
{
    private readonly Lock _gate = new();
    private readonly List<string> _violations = [];
    private readonly List<RolloutStatus> _statuses = [];
    private readonly List<int> _ingressWeights = [];
    private int _plans;

    /// <summary>The Rollout whose statuses and canary ingress are checked.</summary>
    public string RolloutName => rolloutName;

    /// <summary>Plans made so far (one per reconcile that got as far as planning).</summary>
    public int Plans => Volatile.Read(ref _plans);

    /// <summary>Every broken promise so far, one line each.</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>The statuses the operator wrote, in order.</summary>
    public IReadOnlyList<RolloutStatus> Statuses
    {
        get
        {
            lock (_gate)
            {
                return [.. _statuses];
            }
        }
    }

    /// <summary>The weights the operator wrote to the canary ingress, in order (0 for a delete).</summary>
    public IReadOnlyList<int> IngressWeights
    {
        get
        {
            lock (_gate)
            {
                return [.. _ingressWeights];
            }
        }
    }

    /// <summary>The allowed weight of <paramref name="rollout"/> as its status stands.</summary>
    public static int Allowed(Rollout? rollout)
    {
        var status = rollout?.Status;
        var updating = status?.CurrentPodHash is { } current && current != status.StableRS;
        if (!updating || status!.Abort == true)
        {
            return 0;
        }

        return CanarySteps.WeightAt(rollout!.Spec?.Strategy?.Canary?.Steps ?? [], status.CurrentStepIndex ?? 0);
    }

    public void Plan(Observation observation, Plan plan)
    {
        Interlocked.Increment(ref _plans);
        var broken = PlanInvariants.Check(observation, plan);
        if (broken.Count > 0)
        {
            Fail($"plan [{string.Join("; ", plan.Actions)}] breaks: {string.Join("; ", broken)}");
        }
    }

    /// <summary>The operator wrote <paramref name="weight"/> to the canary ingress (0: deleted it).</summary>
    public void IngressWritten(int weight)
    {
        var rollout = state.Rollout(rolloutName);
        var bound = Allowed(rollout);
        lock (_gate)
        {
            var before = _ingressWeights.Count > 0 ? _ingressWeights[^1] : 0;
            _ingressWeights.Add(weight);
            if (weight > before && weight > bound)
            {
                var status = rollout?.Status;
                _violations.Add($"ingress {canaryIngress} was raised from {before} to {weight}, above the {bound} the recorded status allows (step {status?.CurrentStepIndex}, abort={status?.Abort}, phase {status?.Phase})");
            }
        }
    }

    /// <summary>The operator wrote the status of <paramref name="written"/> (as the server stored it).</summary>
    public void StatusWritten(Rollout written)
    {
        var status = written.Status ?? new RolloutStatus();
        var reported = status.Canary?.Weights?.Canary?.Weight ?? 0;
        var holding = ServerState.WeightOf(state.Ingress(canaryIngress));
        var allowed = Allowed(written);
        lock (_gate)
        {
            _statuses.Add(status);
            var at = $"step {status.CurrentStepIndex}, abort={status.Abort}, phase {status.Phase}";
            if (reported != holding)
            {
                _violations.Add($"status reports weight {reported} but ingress {canaryIngress} holds {holding} ({at})");
            }

            if (reported > allowed)
            {
                _violations.Add($"status reports weight {reported}, above the {allowed} its step allows ({at})");
            }
        }
    }

    public void Violation(string violation) => Fail(violation);

    private void Fail(string violation)
    {
        lock (_gate)
        {
            _violations.Add(violation);
        }
    }
}
