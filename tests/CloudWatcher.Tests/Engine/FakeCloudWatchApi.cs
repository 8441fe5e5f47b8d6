using CloudWatcher.Api;

namespace CloudWatcher.Tests.Engine;

/// <summary>In-memory fake of the engine's CloudWatch interface for unit tests (no wire, no emulator).</summary>
internal sealed class FakeCloudWatchApi : ICloudWatchApi
{
    private readonly List<MetricInfo> _metrics = new();

    public int PageSize { get; init; } = 500;

    public List<ListMetricsRequest> ListCalls { get; } = new();

    /// <summary>When set, every page answers with this token (a misbehaving service).</summary>
    public string? StuckToken { get; init; }

    public void Add(string ns, string name, params Dimension[] dimensions) => _metrics.Add(new MetricInfo(ns, name, dimensions));

    public Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ListCalls.Add(request);
        var matching = _metrics
            .Where(m => request.Namespace is null || m.Namespace == request.Namespace)
            .Where(m => request.MetricName is null || m.MetricName == request.MetricName)
            .Where(m => request.Dimensions.All(f => m.Dimensions.Any(d => d.Name == f.Name && (f.Value is null || d.Value == f.Value))))
            .ToList();
        var start = int.TryParse(request.NextToken?.Split('-')[^1], out var n) ? n : 0;
        var page = matching.Skip(start).Take(PageSize).ToList();
        var next = start + PageSize < matching.Count ? $"page-{start + PageSize}" : null;
        return Task.FromResult(new ListMetricsResult(page, StuckToken ?? next));
    }

    public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not needed by these tests.");

    public Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Not needed by these tests.");
}
