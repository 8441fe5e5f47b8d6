namespace CloudWatcher.Bench.Infrastructure;

/// <summary>Sizes and repetitions of one run: the full figures, or tiny ones for CI's smoke test.</summary>
internal sealed record BenchSettings
{
    public required bool Quick { get; init; }
    public required int OneStreamEvents { get; init; }
    public required int GroupEvents { get; init; }
    public int GroupStreams { get; init; } = 20;
    public required int MemoryEvents { get; init; }
    public int MetricSeries { get; init; } = 20;
    public required int MetricDays { get; init; }
    public required int PlotSmallPoints { get; init; }
    public required int PlotLargePoints { get; init; }

    /// <summary>Measured runs after one warm-up (log read, metric query).</summary>
    public required int Runs { get; init; }

    /// <summary>Log read: untimed runs before the measured ones (one more checks the counts).</summary>
    public required int WarmupRuns { get; init; }
    public required int PlotRuns { get; init; }
    public required int ImportRuns { get; init; }
    public required int ColdStartRuns { get; init; }

    /// <summary>Run the AWS CLI v2 peer (when /usr/bin/aws is v2).</summary>
    public required bool Peer { get; init; }

    public static BenchSettings Full => new()
    {
        Quick = false,
        OneStreamEvents = 100_000,
        GroupEvents = 100_000,
        MemoryEvents = 1_000_000,
        MetricDays = 7,
        PlotSmallPoints = 10_080,
        PlotLargePoints = 1_000_000,
        Runs = 7,
        WarmupRuns = 3,
        PlotRuns = 5,
        ImportRuns = 9,
        ColdStartRuns = 3,
        Peer = true,
    };

    public static BenchSettings QuickSmoke => new()
    {
        Quick = true,
        OneStreamEvents = 3_000,
        GroupEvents = 3_000,
        MemoryEvents = 20_000,
        MetricDays = 1,
        PlotSmallPoints = 1_000,
        PlotLargePoints = 20_000,
        Runs = 1,
        WarmupRuns = 1,
        PlotRuns = 1,
        ImportRuns = 2,
        ColdStartRuns = 1,
        Peer = false,
    };
}
