using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using CloudWatcher.Tests.Engine;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Contract;

/// <summary>The seven metric and log ports one contract test runs against: fresh fakes, or the wire clients of a session on the emulator or on moto.</summary>
public sealed class PortsUnderTest : IDisposable
{
    private readonly IDisposable? _owner;

    private PortsUnderTest(IMetricReadApi metricRead, IMetricCatalogApi metricCatalog, IMetricWriteApi metricWrite,
        ILogReadApi logRead, ILogCatalogApi logCatalog, ILogWriteApi logWrite, ILogGroupAdminApi logGroupAdmin, IDisposable? owner)
    {
        MetricRead = metricRead;
        MetricCatalog = metricCatalog;
        MetricWrite = metricWrite;
        LogRead = logRead;
        LogCatalog = logCatalog;
        LogWrite = logWrite;
        LogGroupAdmin = logGroupAdmin;
        _owner = owner;
    }

    public IMetricReadApi MetricRead { get; }

    public IMetricCatalogApi MetricCatalog { get; }

    public IMetricWriteApi MetricWrite { get; }

    public ILogReadApi LogRead { get; }

    public ILogCatalogApi LogCatalog { get; }

    public ILogWriteApi LogWrite { get; }

    public ILogGroupAdminApi LogGroupAdmin { get; }

    /// <summary>A new FakeCloudWatchApi and FakeLogsApi with their default settings.</summary>
    public static PortsUnderTest Fakes()
    {
        var metrics = new FakeCloudWatchApi();
        var logs = new FakeLogsApi();
        return new PortsUnderTest(metrics, metrics, metrics, logs, logs, logs, logs, null);
    }

    /// <summary>A new session on the emulator; its state is shared by the class, so tests use names of their own.</summary>
    public static PortsUnderTest Emulator(EmulatorFixture emulator)
    {
        ICloudWatcherSession session = new CloudWatcher.Aws.AwsSessionFactory().Connect(emulator.Settings);
        return new PortsUnderTest(session.MetricRead, session.MetricCatalog, session.MetricWrite, session.LogRead, session.LogCatalog, session.LogWrite, session.LogGroupAdmin, session);
    }

    /// <summary>
    /// A new session on the shared moto server (skips the test when moto is not installed); its state lives as long as
    /// the server, so tests use names of their own.
    /// </summary>
    public static PortsUnderTest Moto(MotoFixture moto)
    {
        moto.SkipUnlessRunning();
        ICloudWatcherSession session = new CloudWatcher.Aws.AwsSessionFactory().Connect(moto.Settings);
        return new PortsUnderTest(session.MetricRead, session.MetricCatalog, session.MetricWrite, session.LogRead, session.LogCatalog, session.LogWrite, session.LogGroupAdmin, session);
    }

    public void Dispose() => _owner?.Dispose();
}
