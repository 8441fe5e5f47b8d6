using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Util.Internal;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Client configuration for one of our two services, set up the way generated service packages
/// set theirs: service id (which drives AWS_ENDPOINT_URL_&lt;SERVICE&gt;), signing name, endpoint rules.
/// </summary>
internal sealed class ServiceConfig : ClientConfig
{
    private static readonly IDefaultConfiguration Standard = new DefaultConfiguration
    {
        Name = DefaultConfigurationMode.Standard,
        RetryMode = RequestRetryMode.Standard,
        ConnectTimeout = TimeSpan.FromMilliseconds(3100),
        TlsNegotiationTimeout = TimeSpan.FromMilliseconds(3100),
    };

    private readonly string _regionEndpointServiceName;
    private readonly string _serviceVersion;
    private readonly string _userAgent;

    public ServiceConfig(ServiceDescription service)
        : base(new DefaultConfigurationProvider(new[] { Standard }))
    {
        _regionEndpointServiceName = service.SigningName;
        _serviceVersion = service.Version;
        _userAgent = InternalSDKUtils.BuildUserAgentString(service.UserAgentName, typeof(ServiceConfig).Assembly.GetName().Version?.ToString() ?? "0.0.0");
        ServiceId = service.ServiceId;
        AuthenticationServiceName = service.SigningName;
        EndpointProvider = new DelegateEndpointProvider(service.Rules);
        // Adaptive mode misbehaves with these hand-built clients; the standard mode is what we test.
        RetryMode = RequestRetryMode.Standard;
    }

    public override string RegionEndpointServiceName => _regionEndpointServiceName;

    public override string ServiceVersion => _serviceVersion;

    public override string UserAgent => _userAgent;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
        => throw new NotSupportedException("Operation endpoints are resolved in the request pipeline.");
}

internal sealed record ServiceDescription(
    string ServiceId,
    string SigningName,
    string Version,
    string UserAgentName,
    Func<EndpointParameters, Endpoint> Rules)
{
    public static readonly ServiceDescription Logs = new("CloudWatch Logs", "logs", "2014-03-28", "CloudWatchLogs", EndpointRules.ResolveLogs);

    public static readonly ServiceDescription CloudWatch = new("CloudWatch", "monitoring", "2010-08-01", "CloudWatch", EndpointRules.ResolveMonitoring);
}
