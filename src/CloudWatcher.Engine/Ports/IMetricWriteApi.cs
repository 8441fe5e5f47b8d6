namespace CloudWatcher.Ports;

/// <summary>Publishing metric data (PutMetricData), in the engine's own types.</summary>
public interface IMetricWriteApi
{
    /// <summary>
    /// Sends the data; the service takes all of it or refuses all of it. A request within the limits of
    /// <see cref="PutMetricDataLimits"/> measured as JSON is one request; over the awsQuery fallback, whose form body is
    /// larger, it may take more (see <see cref="PutMetricDataResult.Requests"/>).
    /// </summary>
    Task<PutMetricDataResult> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken);
}

/// <summary>What sending took: the PutMetricData requests made (more than one only when a body had to be split).</summary>
public sealed record PutMetricDataResult(int Requests);

/// <summary>What CloudWatch accepts in one PutMetricData call (API reference and the service model, checked 2026-11).</summary>
public static class PutMetricDataLimits
{
    /// <summary>Metric datums a call.</summary>
    public const int MaxDatums = 1000;

    /// <summary>
    /// Bytes of the request body, counted uncompressed. The API reference says "limited to 1 MB ... you can send a
    /// payload compressed by gzip" without saying which size counts; counting the uncompressed body, and 1 MB as
    /// 10^6 rather than 2^20, holds whichever AWS means.
    /// </summary>
    public const int MaxRequestBytes = 1_000_000;

    /// <summary>Distinct values (Values/Counts pairs) a datum.</summary>
    public const int MaxValuesPerDatum = 150;

    public const int MaxDimensions = 30;

    /// <summary>Values must lie within ±2^360 (and be finite).</summary>
    public static readonly double MaxMagnitude = Math.Pow(2, 360);

    /// <summary>Timestamps at most two weeks old.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);

    /// <summary>Timestamps at most two hours ahead.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(2);
}

/// <summary>Pre-aggregated values of one datum: SampleCount, Sum, Minimum, Maximum.</summary>
public sealed record StatisticValues(double SampleCount, double Sum, double Minimum, double Maximum);

public sealed record MetricDatum(string MetricName)
{
    public IReadOnlyList<Dimension> Dimensions { get; init; } = Array.Empty<Dimension>();

    public DateTime? Timestamp { get; init; }

    public double? Value { get; init; }

    public IReadOnlyList<double>? Values { get; init; }

    public IReadOnlyList<double>? Counts { get; init; }

    public StatisticValues? StatisticValues { get; init; }

    public string? Unit { get; init; }

    /// <summary>1 for high resolution, 60 (or null) for standard.</summary>
    public int? StorageResolution { get; init; }
}

public sealed record PutMetricDataRequest(string Namespace, IReadOnlyList<MetricDatum> Data);
