namespace CloudWatcher.Emulator.Faults;

/// <summary>
/// Test mode: faults to inject (off when null or empty). A faulted request is not executed, so stored data,
/// sequence tokens and pagination positions stay as if it never happened and a retry gets the same answer.
/// Rules are checked in order; the first that fires wins (every rule still counts the request).
/// Counters start at plan activation (server start, or when <see cref="EmulatorServer.Faults"/> is set).
/// </summary>
public sealed class FaultPlan
{
    public FaultPlan() { }

    public FaultPlan(IEnumerable<FaultRule> rules) => Rules.AddRange(rules);

    public List<FaultRule> Rules { get; } = new();

    public FaultPlan Add(FaultRule rule)
    {
        Rules.Add(rule);
        return this;
    }

    /// <summary>Parses the <c>--faults</c> syntax, e.g. <c>GetLogEvents:throttle@1,3;*:drop@rate=0.1,seed=42</c>.</summary>
    public static FaultPlan Parse(string spec) => FaultSpec.Parse(spec);

    public override string ToString() => string.Join(";", Rules);
}
