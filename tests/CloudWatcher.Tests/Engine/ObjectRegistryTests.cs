using CloudWatcher.Lifetime;

namespace CloudWatcher.Tests.Engine;

public sealed class ObjectRegistryTests
{
    [Fact]
    public void ClosingAnOwnerFlushesThenDisposesItsObjectsOnly()
    {
        var registry = new ObjectRegistry();
        var mine = Guid.NewGuid();
        var other = Guid.NewGuid();
        var log = new List<string>();
        registry.Register(mine, "writer", _ => { log.Add("flush writer"); return Task.CompletedTask; }, () => log.Add("dispose writer"));
        registry.Register(other, "reporter", _ => { log.Add("flush reporter"); return Task.CompletedTask; }, () => log.Add("dispose reporter"));

        Assert.Empty(registry.Close(mine, TimeSpan.FromSeconds(1)));
        Assert.Equal(new[] { "flush writer", "dispose writer" }, log);
        Assert.Equal(0, registry.Count(mine));
        Assert.Equal(1, registry.Count(other));
        Assert.Empty(registry.Close(mine, TimeSpan.FromSeconds(1)));
        Assert.Equal(2, log.Count);
    }

    [Fact]
    public void AFlushThatHangsIsCutAtTheBoundAndTheObjectIsStillDisposed()
    {
        var registry = new ObjectRegistry();
        var owner = Guid.NewGuid();
        var disposed = false;
        CancellationToken seen = default;
        registry.Register(owner, "stuck", ct => { seen = ct; return Task.Delay(Timeout.Infinite, ct); }, () => disposed = true);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var failures = registry.Close(owner, TimeSpan.FromMilliseconds(200));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"closing took {watch.Elapsed}");
        Assert.Contains("stuck", Assert.Single(failures));
        Assert.True(disposed, "not disposed");
        Assert.True(seen.CanBeCanceled, "the flush got no cancellation token");
    }

    [Fact]
    public void AFailedFlushIsReportedAndTheOthersStillClose()
    {
        var registry = new ObjectRegistry();
        var owner = Guid.NewGuid();
        var closed = new List<string>();
        registry.Register(owner, "broken", _ => Task.FromException(new IOException("disk full")), () => closed.Add("broken"));
        registry.Register(owner, "fine", _ => Task.CompletedTask, () => closed.Add("fine"));
        var failures = registry.Close(null, TimeSpan.FromSeconds(1));
        Assert.Contains(failures, f => f.Contains("broken") && f.Contains("disk full"));
        Assert.Equal(new[] { "broken", "fine" }, closed);
    }

    [Fact]
    public void AnObjectClosedByItsOwnCommandIsNotClosedAgain()
    {
        var registry = new ObjectRegistry();
        var owner = Guid.NewGuid();
        var disposals = 0;
        var registration = registry.Register(owner, "reporter", _ => Task.CompletedTask, () => disposals++);
        registration.Dispose();
        registry.Close(owner, TimeSpan.FromSeconds(1));
        Assert.Equal(0, disposals);
    }
}
