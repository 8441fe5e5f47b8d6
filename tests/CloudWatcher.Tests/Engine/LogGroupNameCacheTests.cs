using CloudWatcher.Logs;
using CloudWatcher.Sessions;

namespace CloudWatcher.Tests.Engine;

/// <summary>The completion cache, on a substituted session factory: listings are reused, failures remembered, nothing thrown.</summary>
public sealed class LogGroupNameCacheTests
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
        var cache = new LogGroupNameCache(() => factory);
        Assert.Equal(new[] { "/app/api", "/app/worker" }, cache.Lookup(Settings, "/app/").Select(g => g.LogGroupName));
        Assert.Equal(new[] { "/app/api", "/app/worker" }, cache.Lookup(Settings, "/app/w").Select(g => g.LogGroupName)); // filtered by the caller
        Assert.Equal(1, factory.Connects);

        Assert.Single(cache.Lookup(Settings, "/db"));
        Assert.Equal(2, factory.Connects);

        cache.Clear();
        cache.Lookup(Settings, "/app/");
        Assert.Equal(3, factory.Connects);
    }

    [Fact]
    public void AFailureIsRememberedBrieflyAndNeverThrown()
    {
        var factory = new FakeSessionFactory { ConnectFailure = new CloudWatcherConfigurationException("RegionNotSet", "no region") };
        var cache = new LogGroupNameCache(() => factory);
        Assert.Empty(cache.Lookup(Settings, "/a"));
        Assert.Empty(cache.Lookup(Settings, "/a/b"));
        Assert.Equal(1, factory.Connects);
    }

    [Fact]
    public void ConnectionsAreKeptApart()
    {
        var factory = new FakeSessionFactory();
        factory.Logs.Append("/x", "s", DateTime.UtcNow, 1);
        var cache = new LogGroupNameCache(() => factory);
        cache.Lookup(Settings, "/");
        cache.Lookup(new ConnectionSettings { Region = "us-east-1", AccessKey = "AKID", SecretKey = "secret" }, "/");
        cache.Lookup(new ConnectionSettings { Region = "eu-west-1", AccessKey = "AKID", SecretKey = "secret" }, "/");
        Assert.Equal(2, factory.Connects);
    }
}
