using CloudWatcher.Ports;

namespace CloudWatcher.Sessions;

/// <summary>
/// One connection (region, credentials, endpoint) with the engine's ports to CloudWatch, CloudWatch Logs and EC2.
/// Cmdlets and completers get sessions from an <see cref="ISessionFactory"/>; engine services take only the ports
/// they need.
/// </summary>
public interface ICloudWatcherSession : IDisposable
{
    IMetricReadApi MetricRead { get; }

    IMetricCatalogApi MetricCatalog { get; }

    IMetricWriteApi MetricWrite { get; }

    ILogReadApi LogRead { get; }

    ILogCatalogApi LogCatalog { get; }

    ILogWriteApi LogWrite { get; }

    ILogGroupAdminApi LogGroupAdmin { get; }

    /// <summary>EC2, created on first use.</summary>
    IInstanceApi Instances { get; }

    string Region { get; }

    /// <summary>Where the credentials came from, e.g. "parameters" or "profile 'dev'"; never the keys.</summary>
    string CredentialSource { get; }

    /// <summary>The endpoint override in force, if any.</summary>
    string? Endpoint { get; }
}

/// <summary>Makes sessions: the AWS one in the module, fakes in tests.</summary>
public interface ISessionFactory
{
    /// <summary>Resolves region and credentials and connects; a gap is a <see cref="CloudWatcherConfigurationException"/> that says what to set.</summary>
    ICloudWatcherSession Connect(ConnectionSettings settings);

    /// <summary>The names of the profiles in the shared config and credentials files (for completion); empty when they cannot be read.</summary>
    IReadOnlyList<string> ListProfiles();
}
