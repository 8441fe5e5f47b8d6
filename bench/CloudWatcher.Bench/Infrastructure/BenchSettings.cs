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

    /// <summary>Run the AWS CLI peers (v2: /usr/bin/aws or on PATH; v1: on PATH), found by --version.</summary>
    public required bool Peer { get; init; }

    /// <summary>Metric query: runs of each AWS CLI's get-metric-data (one process each, process start included).</summary>
    public int PeerRuns { get; init; } = 3;

    /// <summary>Wire parse: points per series in the GetMetricData answer parsed (20 series × 5,040 = 100,800, one full page).</summary>
    public required int WirePointsPerSeries { get; init; }

    /// <summary>Wire parse: measured parses of each kind after the warm-up ones.</summary>
    public required int WireRuns { get; init; }

    /// <summary>Wire parse: untimed parses of each kind first (tiered JIT).</summary>
    public required int WireWarmups { get; init; }

    /// <summary>Wire parse: and warm up for at least this long.</summary>
    public required int WireWarmupMilliseconds { get; init; }

    /// <summary>Log write: events (~150 B lines from a file) through Write-CwLog; the memory check also runs the smaller size.</summary>
    public required int LogWriteEvents { get; init; }

    /// <summary>Log write: the smaller run whose working-set growth is compared with the full one's (memory flat).</summary>
    public required int LogWriteSmallEvents { get; init; }

    /// <summary>Metric write: values through Write-CwMetric, spread over <see cref="MetricWriteSeries"/> series.</summary>
    public required int MetricWriteValues { get; init; }

    public int MetricWriteSeries { get; init; } = 20;

    /// <summary>Log write: PutLogEvents batches each AWS CLI sends (one process each); the time is extrapolated to all batches.</summary>
    public int CliLogBatches { get; init; } = 10;

    public static BenchSettings Full => new()
    {
        Quick = false,
        OneStreamEvents = 100_000,
        GroupEvents = 100_000,
        MemoryEvents = 1_000_000,
        LogWriteEvents = 1_000_000,
        LogWriteSmallEvents = 100_000,
        MetricWriteValues = 100_000,
        MetricDays = 7,
        PlotSmallPoints = 10_080,
        PlotLargePoints = 1_000_000,
        Runs = 7,
        WarmupRuns = 3,
        PlotRuns = 5,
        ImportRuns = 9,
        ColdStartRuns = 3,
        Peer = true,
        WirePointsPerSeries = 5_040,
        WireRuns = 21,
        WireWarmups = 10,
        WireWarmupMilliseconds = 1_000,
    };

    public static BenchSettings QuickSmoke => new()
    {
        Quick = true,
        OneStreamEvents = 3_000,
        GroupEvents = 3_000,
        MemoryEvents = 20_000,
        LogWriteEvents = 20_000,
        LogWriteSmallEvents = 2_000,
        MetricWriteValues = 2_000,
        MetricDays = 1,
        PlotSmallPoints = 1_000,
        PlotLargePoints = 20_000,
        Runs = 1,
        WarmupRuns = 1,
        PlotRuns = 1,
        ImportRuns = 2,
        ColdStartRuns = 1,
        Peer = false,
        WirePointsPerSeries = 5_040,
        WireRuns = 3,
        WireWarmups = 2,
        WireWarmupMilliseconds = 0,
    };
}
