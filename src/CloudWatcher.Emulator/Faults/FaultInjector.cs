namespace CloudWatcher.Emulator.Faults;

/// <summary>Runtime state of a <see cref="FaultPlan"/>: per-rule request counters and seeded random sources. Thread-safe.</summary>
internal sealed class FaultInjector
{
    private readonly RuleState[] _rules;

    public FaultInjector(FaultPlan plan)
    {
        foreach (var r in plan.Rules) r.Validate();
        _rules = plan.Rules.Select(r => new RuleState(r)).ToArray();
    }

    /// <summary>Counts the request for every rule that applies to <paramref name="operation"/>; returns the first fault that fires.</summary>
    public FaultKind? Next(string operation)
    {
        FaultKind? fault = null;
        foreach (var r in _rules)
            if (r.Fires(operation) && fault is null) fault = r.Rule.Kind;
        return fault;
    }

    private sealed class RuleState(FaultRule rule)
    {
        private readonly HashSet<long> _numbers = new(rule.RequestNumbers);
        private readonly Random? _random = rule.Rate > 0 ? new Random(rule.Seed) : null;
        private readonly object _gate = new();
        private long _seen;

        public FaultRule Rule => rule;

        public bool Fires(string operation)
        {
            if (rule.Operation is not null && !string.Equals(rule.Operation, operation, StringComparison.Ordinal)) return false;
            lock (_gate)
            {
                long n = ++_seen;
                if (_random is not null) return _random.NextDouble() < rule.Rate;
                if (rule.Every > 0) return n % rule.Every == 0;
                return _numbers.Contains(n);
            }
        }
    }
}
