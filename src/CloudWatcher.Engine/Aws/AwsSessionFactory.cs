using Amazon.EC2;
using Amazon.Runtime;
using CloudWatcher.Aws.Ec2;
using CloudWatcher.Aws.Logs;
using CloudWatcher.Aws.Metrics;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Diagnostics;
using CloudWatcher.Sessions;

namespace CloudWatcher.Aws;

/// <summary>
/// Connects to AWS: resolves credentials and region the way the AWS CLI does (<see cref="CredentialResolver"/>,
/// <see cref="RegionResolver"/>) before anything is sent, and builds the wire clients on AWSSDK.Core.
/// </summary>
public sealed class AwsSessionFactory : ISessionFactory
{
    /// <summary>The request timeout when neither the settings nor CLOUDWATCHER_TIMEOUT_SEC give one.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    public const string TimeoutVariable = "CLOUDWATCHER_TIMEOUT_SEC";

    private static int _sdkSettingsStale;

    public ICloudWatcherSession Connect(ConnectionSettings settings)
    {
        if (Interlocked.Exchange(ref _sdkSettingsStale, 0) == 1)
        {
            // The warm-up made AWSSDK.Core read its process-wide settings (AWS_MAX_ATTEMPTS, AWS_RETRY_MODE, the profile's
            // retry_mode, ...) at import; read them again now, as a first call without a warm-up would.
            Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();
        }
        return Connect(settings, httpClientFactory: null);
    }

    /// <summary>Called before the warm-up first touches AWSSDK.Core: the next real connection re-reads the SDK's settings.</summary>
    internal static void MarkSdkSettingsStale() => Volatile.Write(ref _sdkSettingsStale, 1);

    /// <summary>Connects with the HTTP clients of <paramref name="httpClientFactory"/> (the warm-up's in-memory ones), else the SDK's.</summary>
    internal static ICloudWatcherSession Connect(ConnectionSettings settings, HttpClientFactory? httpClientFactory)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Redactor.Register(settings.SecretKey);
        Redactor.Register(settings.SessionToken);
        var (credentials, source, profile) = CredentialResolver.Resolve(settings);
        var region = RegionResolver.Resolve(settings, profile);
        var timeout = ResolveTimeout(settings);

        var cloudWatchConfig = Configure(new ServiceConfig(ServiceDescription.CloudWatch), region, settings.EndpointUrl, timeout, httpClientFactory);
        var logsConfig = Configure(new ServiceConfig(ServiceDescription.Logs), region, settings.EndpointUrl, timeout, httpClientFactory);
        var endpoint = settings.EndpointUrl?.ToString() ?? NonEmpty(logsConfig.ServiceURL) ?? NonEmpty(cloudWatchConfig.ServiceURL);
        var cloudWatchClient = new WireClient(credentials, cloudWatchConfig);
        var endpointKey = settings.EndpointUrl?.ToString() ?? NonEmpty(cloudWatchConfig.ServiceURL) ?? "aws:" + region.SystemName;
        return new AwsSession(
            new CloudWatchApi(cloudWatchClient, new CloudWatchTransport(cloudWatchClient, ResolveProtocol(settings), endpointKey)),
            new LogsApi(new WireClient(credentials, logsConfig)),
            () => new Ec2Api(new AmazonEC2Client(credentials, ConfigureEc2(region, settings.EndpointUrl, timeout, httpClientFactory))),
            region.SystemName,
            source,
            endpoint);
    }

    public IReadOnlyList<string> ListProfiles()
    {
        try
        {
            return new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain().ListProfiles()
                .Select(p => p.Name).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
        {
            return Array.Empty<string>();
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public const string ProtocolVariable = "CLOUDWATCHER_CLOUDWATCH_PROTOCOL";

    private static CloudWatchProtocol ResolveProtocol(ConnectionSettings settings)
    {
        if (settings.CloudWatchProtocol is CloudWatchProtocol given)
        {
            return given;
        }
        var text = Environment.GetEnvironmentVariable(ProtocolVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return CloudWatchProtocol.Auto;
        }
        return Enum.TryParse<CloudWatchProtocol>(text.Trim(), ignoreCase: true, out var protocol) && Enum.IsDefined(protocol)
            ? protocol
            : throw new CloudWatcherConfigurationException("InvalidProtocol", $"{ProtocolVariable} is '{text}'; give auto, json or query.");
    }

    private static TimeSpan ResolveTimeout(ConnectionSettings settings)
    {
        if (settings.Timeout is TimeSpan given)
        {
            return given > TimeSpan.Zero ? given : throw new CloudWatcherConfigurationException("InvalidTimeout", "The timeout must be longer than zero seconds.");
        }
        var text = Environment.GetEnvironmentVariable(TimeoutVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultTimeout;
        }
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 3600
            ? TimeSpan.FromSeconds(seconds)
            : throw new CloudWatcherConfigurationException("InvalidTimeout", $"{TimeoutVariable} is '{text}'; give the request timeout in seconds, from 1 to 3600 (for example 30).");
    }

    private static AmazonEC2Config ConfigureEc2(Amazon.RegionEndpoint region, Uri? endpointUrl, TimeSpan timeout, HttpClientFactory? httpClientFactory)
    {
        var config = new AmazonEC2Config { RegionEndpoint = region, RetryMode = RequestRetryMode.Standard, Timeout = timeout };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }
        if (endpointUrl is not null)
        {
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region.SystemName;
        }
        return config;
    }

    private static ServiceConfig Configure(ServiceConfig config, Amazon.RegionEndpoint region, Uri? endpointUrl, TimeSpan timeout, HttpClientFactory? httpClientFactory)
    {
        config.RegionEndpoint = region;
        config.Timeout = timeout;
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }
        if (endpointUrl is not null)
        {
            if (!endpointUrl.IsAbsoluteUri || (endpointUrl.Scheme != Uri.UriSchemeHttp && endpointUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new CloudWatcherConfigurationException("InvalidEndpointUrl",
                    $"The endpoint URL '{endpointUrl}' is not an absolute http:// or https:// URL. Give one like 'http://127.0.0.1:4566'.");
            }
            // Setting ServiceURL clears RegionEndpoint; keep signing for the chosen region.
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region.SystemName;
        }
        return config;
    }

    /// <summary>The connected clients of one session; EC2 is created on first use (only the uptime cmdlet needs it).</summary>
    private sealed class AwsSession : ICloudWatcherSession
    {
        private readonly CloudWatchApi _cloudWatch;
        private readonly LogsApi _logs;
        private readonly Lazy<Ec2Api> _ec2;

        public AwsSession(CloudWatchApi cloudWatch, LogsApi logs, Func<Ec2Api> ec2, string region, string credentialSource, string? endpoint)
        {
            _cloudWatch = cloudWatch;
            _logs = logs;
            _ec2 = new Lazy<Ec2Api>(ec2);
            Region = region;
            CredentialSource = credentialSource;
            Endpoint = endpoint;
        }

        public Ports.IMetricReadApi MetricRead => _cloudWatch;

        public Ports.IMetricCatalogApi MetricCatalog => _cloudWatch;

        public Ports.IMetricWriteApi MetricWrite => _cloudWatch;

        public Ports.ILogReadApi LogRead => _logs;

        public Ports.ILogCatalogApi LogCatalog => _logs;

        public Ports.ILogWriteApi LogWrite => _logs;

        public Ports.ILogGroupAdminApi LogGroupAdmin => _logs;

        public Ports.IInstanceApi Instances => _ec2.Value;

        public string Region { get; }

        public string CredentialSource { get; }

        public string? Endpoint { get; }

        public void Dispose()
        {
            _cloudWatch.Dispose();
            _logs.Dispose();
            if (_ec2.IsValueCreated)
            {
                _ec2.Value.Dispose();
            }
        }
    }
}
