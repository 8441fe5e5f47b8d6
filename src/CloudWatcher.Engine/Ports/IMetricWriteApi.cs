namespace CloudWatcher.Ports;

/// <summary>Publishing metric data (PutMetricData), in the engine's own types.</summary>
public interface IMetricWriteApi
{
    Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken);
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
