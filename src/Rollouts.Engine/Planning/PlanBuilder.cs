using Rollouts.Api.Rollouts;

namespace Rollouts.Engine.Planning;

/// <summary>Collects what one reconcile decides: actions, decisions for status.history, and when to look again.</summary>
internal sealed class PlanBuilder(Observation observation)
{
    private readonly List<PlanAction> _actions = [];
    private readonly List<RolloutDecision> _decisions = [];
    private DateTimeOffset? _wakeAt;

    public DateTimeOffset Now => observation.Now;

    public IReadOnlyList<RolloutDecision> Decisions => _decisions;

    /// <summary>The actions planned so far, in the order they were added.</summary>
    public IReadOnlyList<PlanAction> Actions => _actions;

    /// <summary>True when the plan changes anything beyond recording events.</summary>
    public bool ChangesWorld => _actions.Any(a => a is not RecordEvent);

    public void Add(PlanAction? action)
    {
        if (action is not null)
        {
            _actions.Add(action);
        }
    }

    public void AddRange(IEnumerable<PlanAction> actions) => _actions.AddRange(actions);

    /// <summary>Replaces every action planned so far by what <paramref name="map"/> makes of it.</summary>
    public void Replace(Func<PlanAction, PlanAction> map)
    {
        for (var i = 0; i < _actions.Count; i++)
        {
            _actions[i] = map(_actions[i]);
        }
    }

    /// <summary>An event on the Rollout and the same decision in status.history.</summary>
    /// <param name="reason">The event reason, and the decision's action.</param>
    /// <param name="cause">Why it happened, for the decision's reason.</param>
    public void Record(string type, string reason, string message, string cause)
    {
        _actions.Add(new RecordEvent(type, reason, message));
        _decisions.Add(new RolloutDecision { Time = Now, Action = reason, Reason = cause, Message = message });
    }

    /// <summary>
    /// Adds <paramref name="more"/> to the message of the event last recorded as <paramref name="reason"/> (and of its
    /// decision), so that one transition is told in one event. Returns false when the plan recorded no such event.
    /// </summary>
    public bool Amend(string reason, string more)
    {
        var at = _actions.FindLastIndex(a => a is RecordEvent recorded && recorded.Reason == reason);
        var decision = _decisions.FindLastIndex(d => d.Action == reason);
        if (at < 0 || decision < 0)
        {
            return false;
        }

        var recorded = (RecordEvent)_actions[at];
        _actions[at] = recorded with { Message = recorded.Message + more };
        _decisions[decision] = _decisions[decision] with { Message = _decisions[decision].Message + more };
        return true;
    }

    /// <summary>Reconcile again at <paramref name="when"/> (the earliest of all such times wins).</summary>
    public void WakeAt(DateTimeOffset when)
    {
        if (when > Now && (_wakeAt is null || when < _wakeAt))
        {
            _wakeAt = when;
        }
    }

    public Plan Build(RolloutStatus previous, RolloutStatus next) => new()
    {
        Actions = SafeOrder.Sort(_actions, observation.ReplicaSets),
        Status = next,
        StatusChanged = !StatusEquality.AreEqual(previous, next),
        RequeueAfter = _wakeAt - Now,
    };
}
