using CloudWatcher.Ports;

namespace CloudWatcher.Tests.Contract;

/// <summary>
/// The base of the contract suites: the ports under test (made per test, so a fake starts empty) and helpers shared by
/// the cases. A suite (<see cref="LogWriteAndReadContract"/>, <see cref="LogWriteLimitsContract"/>, <see cref="LogFilterContract"/>,
/// <see cref="LogCatalogContract"/>, <see cref="LogGroupLifecycleContract"/>,
/// <see cref="MetricWriteAndListContract"/>, <see cref="MetricDataContract"/>) holds cases ([ContractFact],
/// [ContractTheory]) that state what AWS does; FakePortContractTests.cs, EmulatorPortContractTests.cs and
/// MotoPortContractTests.cs run every suite against the fakes, the emulator and moto, with no branch on the target
/// (moto's known differences from AWS are skipped by name: MotoKnownGaps.cs).
/// </summary>
public abstract class PortContract : IDisposable
{
    private readonly PortsUnderTest _ports;

    protected PortContract(PortsUnderTest ports)
    {
        _ports = ports;
        Now = DateTime.UtcNow;
    }

    protected IMetricReadApi MetricRead => _ports.MetricRead;

    protected IMetricCatalogApi MetricCatalog => _ports.MetricCatalog;

    protected IMetricWriteApi MetricWrite => _ports.MetricWrite;

    protected ILogReadApi LogRead => _ports.LogRead;

    protected ILogCatalogApi LogCatalog => _ports.LogCatalog;

    protected ILogWriteApi LogWrite => _ports.LogWrite;

    protected ILogGroupAdminApi LogGroupAdmin => _ports.LogGroupAdmin;

    /// <summary>When the test started (UTC); data is put relative to it, inside what the service accepts.</summary>
    protected DateTime Now { get; }

    protected static CancellationToken None => CancellationToken.None;

    /// <summary>A name no other test uses: the emulator is shared by the tests of a class, moto by every moto test.</summary>
    protected static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The time as the services keep it: UTC, whole milliseconds (truncated).</summary>
    protected static DateTime Millis(DateTime time)
    {
        var utc = time.ToUniversalTime();
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
    }

    /// <summary>The start of the period (in seconds) that holds the time, counted from the Unix epoch.</summary>
    protected static DateTime Floor(DateTime time, int seconds)
    {
        var step = TimeSpan.FromSeconds(seconds).Ticks;
        var sinceEpoch = time.ToUniversalTime().Ticks - DateTime.UnixEpoch.Ticks;
        return new DateTime(DateTime.UnixEpoch.Ticks + sinceEpoch - sinceEpoch % step, DateTimeKind.Utc);
    }

    /// <summary>
    /// Asserts the call fails with a service error of that kind, raised by that operation, with that AWS error code
    /// (null where the API reference does not name the code, so only the kind is part of the contract).
    /// </summary>
    protected static async Task<CloudWatcherServiceException> Fails(ErrorKind kind, string? errorCode, string operation, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<CloudWatcherServiceException>(call);
        Assert.Equal(kind, ex.Kind);
        Assert.Equal(operation, ex.Operation);
        if (errorCode is not null)
        {
            Assert.Equal(errorCode, ex.ErrorCode);
        }
        return ex;
    }

    public void Dispose()
    {
        _ports.Dispose();
        GC.SuppressFinalize(this);
    }
}
