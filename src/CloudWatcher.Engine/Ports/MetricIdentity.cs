namespace CloudWatcher.Ports;

/// <summary>A metric: namespace, name and the full set of dimensions (CloudWatch matches them exactly).</summary>
public sealed record MetricIdentity(string Namespace, string MetricName, IReadOnlyList<Dimension> Dimensions)
{
    public override string ToString() =>
        Dimensions.Count == 0 ? $"{Namespace}/{MetricName}" : $"{Namespace}/{MetricName} [{string.Join(", ", Dimensions)}]";
}
