using CloudWatcher.Completion;
using CloudWatcher.Sessions;

namespace CloudWatcher.Tests.Engine;

/// <summary>The completion cache, on a substituted session factory: listings are reused, failures remembered, nothing thrown.</summary>
public sealed class CompletionCacheTests
{
    private static readonly ConnectionSettings Settings = new() { Region = "us-east-1", AccessKey = "AKID", SecretKey = "secret" };

    [Fact]
    public void AListingAnswersLongerWordsUnderItsPrefix()
    {
        var factory = new FakeSessionFactory();
        foreach (var name in new[] { "/app/api", "/app/worker", "/db/main" })
        {
            factory.Logs.Append(name, "s", DateTime.UtcNow, 1);
        }
        var cache = new CompletionCache(() => factory);
        Assert.Equal(new[] { "/app/api", "/app/worker" }, cache.LogGroups(Settings, "/app/").Select(g => g.Name));
        Assert.Equal(new[] { "/app/api", "/app/worker" }, cache.LogGroups(Settings, "/app/w").Select(g => g.Name)); // filtered by the caller
        Assert.Equal(1, factory.Connects);

        Assert.Single(cache.LogGroups(Settings, "/db"));
        Assert.Equal(2, factory.Connects);

        cache.Clear();
        cache.LogGroups(Settings, "/app/");
        Assert.Equal(3, factory.Connects);
    }

    [Fact]
    public void AFailureIsRememberedBrieflyAndNeverThrown()
    {
        var factory = new FakeSessionFactory { ConnectFailure = new CloudWatcherConfigurationException("RegionNotSet", "no region") };
        var cache = new CompletionCache(() => factory);
        Assert.Empty(cache.LogGroups(Settings, "/a"));
        Assert.Empty(cache.LogGroups(Settings, "/a/b"));
        Assert.Equal(1, factory.Connects);
    }

    [Fact]
    public void StreamsNamespacesAndMetricNamesAreListedPerScope()
    {
        var factory = new FakeSessionFactory();
        factory.Logs.Append("/app/api", "web-1", DateTime.UtcNow, 1);
        factory.Logs.Append("/app/api", "web-2", DateTime.UtcNow, 1);
        factory.Logs.Append("/app/api", "worker-1", DateTime.UtcNow, 1);
        factory.Metrics.Add("App", "Latency");
        factory.Metrics.Add("App", "Errors");
        factory.Metrics.Add("AWS/EC2", "CPUUtilization");
        var cache = new CompletionCache(() => factory);
        Assert.Equal(new[] { "web-1", "web-2" }, cache.LogStreams(Settings, "/app/api", "web").Select(s => s.Name));
        Assert.Equal(new[] { "AWS/EC2" }, cache.Namespaces(Settings, "aws").Select(n => n.Name));
        Assert.Equal(new[] { "Errors", "Latency" }, cache.MetricNames(Settings, "App", "").Select(n => n.Name));
        Assert.Equal(new[] { "CPUUtilization" }, cache.MetricNames(Settings, null, "cpu").Select(n => n.Name));
    }

    [Fact]
    public void ConnectionsAreKeptApart()
    {
        var factory = new FakeSessionFactory();
        factory.Logs.Append("/x", "s", DateTime.UtcNow, 1);
        var cache = new CompletionCache(() => factory);
        cache.LogGroups(Settings, "/");
        cache.LogGroups(new ConnectionSettings { Region = "us-east-1", AccessKey = "AKID", SecretKey = "secret" }, "/");
        cache.LogGroups(new ConnectionSettings { Region = "eu-west-1", AccessKey = "AKID", SecretKey = "secret" }, "/");
        Assert.Equal(2, factory.Connects);
    }
}
