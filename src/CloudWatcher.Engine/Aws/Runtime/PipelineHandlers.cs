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

/// <summary>
/// Registers the secret key and session token of the identity a request is signed with, so that the redactor masks
/// them in anything a server sends back (some quote the signed request in their error text).
/// </summary>
internal sealed class SecretRegistrar : PipelineHandler
{
    public override void InvokeSync(IExecutionContext executionContext)
    {
        Register(executionContext);
        base.InvokeSync(executionContext);
    }

    public override async Task<T> InvokeAsync<T>(IExecutionContext executionContext)
    {
        if (executionContext.RequestContext.Identity is AWSCredentials credentials)
        {
            var resolved = await credentials.GetCredentialsAsync().ConfigureAwait(false);
            CloudWatcher.Diagnostics.Redactor.Register(resolved.SecretKey);
            CloudWatcher.Diagnostics.Redactor.Register(resolved.Token);
        }
        return await base.InvokeAsync<T>(executionContext).ConfigureAwait(false);
    }

    private static void Register(IExecutionContext executionContext)
    {
        if (executionContext.RequestContext.Identity is AWSCredentials credentials)
        {
            var resolved = credentials.GetCredentials();
            CloudWatcher.Diagnostics.Redactor.Register(resolved.SecretKey);
            CloudWatcher.Diagnostics.Redactor.Register(resolved.Token);
        }
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
