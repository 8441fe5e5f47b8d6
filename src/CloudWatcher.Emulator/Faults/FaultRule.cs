namespace CloudWatcher.Emulator.Faults;

/// <summary>
/// One fault rule: which requests (by operation, counted 1, 2, 3… per rule) get which fault.
/// Exactly one trigger applies: <see cref="RequestNumbers"/>, <see cref="Every"/> or <see cref="Rate"/> (+ <see cref="Seed"/>).
/// </summary>
public sealed class FaultRule
{
    /// <summary>Operation name ("GetLogEvents", "ListMetrics", "DescribeInstances"…); null = every operation.</summary>
    public string? Operation { get; init; }

    public FaultKind Kind { get; init; }

    /// <summary>1-based numbers of the requests (among those this rule's operation filter sees) that fail.</summary>
    public IReadOnlyCollection<long> RequestNumbers { get; init; } = [];

    /// <summary>When &gt; 0: every k-th request fails (k, 2k, 3k…).</summary>
    public int Every { get; init; }

    /// <summary>When &gt; 0: each request fails with this probability, drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>.</summary>
    public double Rate { get; init; }

    public int Seed { get; init; }

    /// <summary>The n-th requests of <paramref name="operation"/> (null = all operations) fail with <paramref name="kind"/>.</summary>
    public static FaultRule OnRequests(FaultKind kind, string? operation, params long[] requestNumbers) =>
        new() { Kind = kind, Operation = operation, RequestNumbers = requestNumbers };

    /// <summary>Every k-th request of <paramref name="operation"/> fails.</summary>
    public static FaultRule EveryNth(FaultKind kind, string? operation, int every) =>
        new() { Kind = kind, Operation = operation, Every = every };

    /// <summary>Requests fail at random with probability <paramref name="rate"/> (deterministic for a seed and request order).</summary>
    public static FaultRule Random(FaultKind kind, string? operation, double rate, int seed = 0) =>
        new() { Kind = kind, Operation = operation, Rate = rate, Seed = seed };

    internal void Validate()
    {
        int triggers = (RequestNumbers.Count > 0 ? 1 : 0) + (Every > 0 ? 1 : 0) + (Rate > 0 ? 1 : 0);
        if (triggers != 1) throw new ArgumentException("A fault rule needs exactly one of RequestNumbers, Every or Rate.");
        if (Every < 0 || Rate is < 0 or > 1 || double.IsNaN(Rate)) throw new ArgumentException("Every must be >= 0 and Rate within 0..1.");
        if (RequestNumbers.Any(n => n < 1)) throw new ArgumentException("Request numbers start at 1.");
    }

    /// <summary>The rule in <c>--faults</c> syntax.</summary>
    public override string ToString()
    {
        string when = Every > 0 ? $"every={Every}"
            : Rate > 0 ? FormattableString.Invariant($"rate={Rate},seed={Seed}")
            : string.Join(",", RequestNumbers);
        return $"{Operation ?? "*"}:{FaultSpec.KindName(Kind)}@{when}";
    }
}
