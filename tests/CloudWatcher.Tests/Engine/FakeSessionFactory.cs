using CloudWatcher.Ports;
using CloudWatcher.Sessions;

namespace CloudWatcher.Tests.Engine;

/// <summary>A session factory over the in-memory fakes: what the session seam lets engine tests substitute for AWS.</summary>
internal sealed class FakeSessionFactory : ISessionFactory
{
    public FakeCloudWatchApi Metrics { get; } = new();

    public FakeLogsApi Logs { get; } = new();

    public int Connects { get; private set; }

    /// <summary>When set, Connect fails with it (e.g. a configuration error).</summary>
    public Exception? ConnectFailure { get; set; }

    public ICloudWatcherSession Connect(ConnectionSettings settings)
    {
        Connects++;
        if (ConnectFailure is not null)
        {
            throw ConnectFailure;
        }
        return new Session(this);
    }

    public IReadOnlyList<string> ListProfiles() => new[] { "default", "dev" };

    private sealed class Session : ICloudWatcherSession
    {
        private readonly FakeSessionFactory _factory;

        public Session(FakeSessionFactory factory) => _factory = factory;

        public IMetricReadApi MetricRead => _factory.Metrics;

        public IMetricCatalogApi MetricCatalog => _factory.Metrics;

        public IMetricWriteApi MetricWrite => _factory.Metrics;

        public ILogReadApi LogRead => _factory.Logs;

        public ILogCatalogApi LogCatalog => _factory.Logs;

        public ILogWriteApi LogWrite => _factory.Logs;

        public ILogGroupAdminApi LogGroupAdmin => _factory.Logs;

        public IInstanceApi Instances => throw new CloudWatcherException("NoInstances", ErrorKind.NotFound, "The fake session has no EC2.");

        public string Region => "us-east-1";

        public string CredentialSource => "fake";

        public string? Endpoint => null;

        public void Dispose()
        {
        }
    }
}
