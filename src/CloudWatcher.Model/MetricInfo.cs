namespace CloudWatcher;

/// <summary>A metric that exists in CloudWatch (one ListMetrics entry).</summary>
public sealed class MetricInfo
{
    public MetricInfo(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions)
    {
        Namespace = @namespace;
        MetricName = metricName;
        Dimensions = DimensionSet.From(dimensions);
    }

    public string Namespace { get; }

    public string MetricName { get; }

    public DimensionSet Dimensions { get; }

    public override string ToString() =>
        Dimensions.Count == 0 ? $"{Namespace}/{MetricName}" : $"{Namespace}/{MetricName} [{string.Join(", ", Dimensions)}]";
}
