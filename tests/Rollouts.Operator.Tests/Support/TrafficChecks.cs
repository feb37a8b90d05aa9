using Rollouts.Api.Rollouts;
using Rollouts.Engine.Canary;
using Rollouts.Engine.Planning;

namespace Rollouts.Operator.Tests.Support;

/// <summary>
/// The promises about traffic, checked at every state the operator writes (across operator instances): when a
/// status is written, the canary ingress in the world holds exactly the weight the status reports, and that
/// weight is at most what the status's step allows (0 after an abort and when no update runs); every weight
/// written to the canary ingress is at most what the Rollout allowed when it was written or what the next
/// status allows. Every plan is also checked with <see cref="PlanInvariants"/>.
/// </summary>
internal sealed class TrafficChecks(ServerState state, string rolloutName, string canaryIngress)
{
    private readonly Lock _gate = new();
    private readonly List<string> _violations = [];
    private readonly List<(int Weight, int Bound)> _sinceStatus = [];
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
        var bound = Allowed(state.Rollout(rolloutName));
        lock (_gate)
        {
            _ingressWeights.Add(weight);
            _sinceStatus.Add((weight, bound));
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

            // A status that records a finished promotion (the canary is the stable now, no abort) covers the
            // full weight the promotion routes to the new version before switching the stable service. (Under
            // load, a restarted operator was seen to write weight 100 with no "all steps done" status recorded
            // before the promoted one; the planner only promotes from such a status, so the recorder may miss it.)
            var promoted = status.CurrentPodHash is { } hash && hash == status.StableRS && status.Abort != true;
            var coveredByStatus = promoted ? 100 : allowed;
            foreach (var (weight, bound) in _sinceStatus.Where(w => w.Weight > Math.Max(w.Bound, coveredByStatus)))
            {
                _violations.Add($"ingress {canaryIngress} was set to {weight}, above both {bound} (allowed when written) and {coveredByStatus} (the next status) ({at})");
            }

            _sinceStatus.Clear();
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
