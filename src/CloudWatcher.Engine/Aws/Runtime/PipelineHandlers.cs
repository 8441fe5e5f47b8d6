using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace CloudWatcher.Aws.Runtime;

/// <summary>Maps the client configuration to the rule-set parameters (Region, UseFIPS, UseDualStack, Endpoint).</summary>
internal sealed class RuleSetEndpointResolver : BaseEndpointResolver
{
    protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
    {
        var config = requestContext.ClientConfig;
        var parameters = new EndpointParameters();
        parameters["Region"] = requestContext.Request.AlternateEndpoint?.SystemName ?? config.RegionEndpoint?.SystemName;
        parameters["UseDualStack"] = config.UseDualstackEndpoint;
        parameters["UseFIPS"] = config.UseFIPSEndpoint;
        parameters["Endpoint"] = config.ServiceURL;
        if (config.RegionEndpoint is null && !string.IsNullOrEmpty(config.ServiceURL))
        {
            // A custom endpoint without a region: sign for AuthenticationRegion, else what the URL says.
            parameters["Region"] = !string.IsNullOrEmpty(config.AuthenticationRegion)
                ? config.AuthenticationRegion
                : RegionEndpoint.GetBySystemName(AWSSDKUtils.DetermineRegion(config.ServiceURL) ?? "us-east-1").SystemName;
        }
        return parameters;
    }
}

/// <summary>Both services authenticate every operation with SigV4.</summary>
internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) => AuthSchemeOption.DEFAULT_SIGV4;
}

internal sealed class ServiceMetadata : IServiceMetadata
{
    public ServiceMetadata(string serviceId) => ServiceId = serviceId;

    public string ServiceId { get; }

    public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>(0);
}
