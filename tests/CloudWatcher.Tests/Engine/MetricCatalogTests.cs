using CloudWatcher.Ports;
using CloudWatcher.Metrics;

namespace CloudWatcher.Tests.Engine;

public sealed class MetricCatalogTests
{
    [Fact]
    public async Task FollowsEveryPageAndPassesFiltersOn()
    {
        var api = new FakeCloudWatchApi { PageSize = 3 };
        for (var i = 0; i < 8; i++)
        {
            api.Add("App", $"m{i}", new Dimension("Host", $"h{i % 2}"));
        }
        api.Add("Other", "x");
        var catalog = new MetricCatalog(api);

        var pages = new List<ListMetricsResult>();
        await foreach (var page in catalog.ListPagesAsync(new ListMetricsRequest { Namespace = "App" }))
        {
            pages.Add(page);
        }

        Assert.Equal(new[] { 3, 3, 2 }, pages.Select(p => p.Metrics.Count));
        Assert.Equal(8, pages.SelectMany(p => p.Metrics).Select(m => m.MetricName).Distinct().Count());
        Assert.All(api.ListCalls, c => Assert.Equal("App", c.Namespace));
        Assert.Equal(new string?[] { null, "page-3", "page-6" }, api.ListCalls.Select(c => c.NextToken));
    }

    [Fact]
    public async Task StopsWithAClearErrorWhenTheServiceRepeatsAToken()
    {
        var api = new FakeCloudWatchApi { PageSize = 1, StuckToken = "same" };
        api.Add("App", "a");
        var catalog = new MetricCatalog(api);

        var ex = await Assert.ThrowsAsync<CloudWatcherException>(async () =>
        {
            await foreach (var _ in catalog.ListPagesAsync(new ListMetricsRequest()))
            {
            }
        });
        Assert.Contains("twice", ex.Message);
        Assert.Equal(2, api.ListCalls.Count);
    }

    [Fact]
    public void RefusesMoreThanTenDimensionFiltersBeforeCallingTheService()
    {
        var api = new FakeCloudWatchApi();
        var filters = Enumerable.Range(0, 11).Select(i => new Dimension($"d{i}", null)).ToArray();
        var ex = Assert.Throws<CloudWatcherException>(() => new MetricCatalog(api).ListPagesAsync(new ListMetricsRequest { Dimensions = filters }));
        Assert.Contains("at most 10", ex.Message);
        Assert.Empty(api.ListCalls);
    }

    [Fact]
    public async Task CancellationStopsPaging()
    {
        var api = new FakeCloudWatchApi { PageSize = 1 };
        api.Add("App", "a");
        api.Add("App", "b");
        using var cts = new CancellationTokenSource();
        var seen = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in new MetricCatalog(api).ListPagesAsync(new ListMetricsRequest(), cts.Token))
            {
                seen++;
                cts.Cancel();
            }
        });
        Assert.Equal(1, seen);
    }
}
