using Amazon.Runtime;
using Amazon.Runtime.Internal;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// A service client on AWSSDK.Core's runtime pipeline: Core signs (SigV4), retries (standard
/// mode), corrects clock skew and sends; we only marshal and unmarshal.
/// </summary>
internal sealed class WireClient : AmazonServiceClient
{
    private readonly IServiceMetadata _metadata;

    public WireClient(AWSCredentials credentials, ServiceConfig config)
        : base(credentials, config)
    {
        _metadata = new ServiceMetadata(config.ServiceId);
    }

    protected override IServiceMetadata ServiceMetadata => _metadata ?? new ServiceMetadata("CloudWatcher");

    protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
    {
        pipeline.RemoveHandler<EndpointResolver>();
        pipeline.AddHandlerAfter<Marshaller>(new RuleSetEndpointResolver());
        pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
        pipeline.AddHandlerAfter<SigV4AuthSchemeHandler>(new SecretRegistrar());
    }

    public async Task<T> SendAsync<T>(AmazonWebServiceRequest request, Amazon.Runtime.Internal.Transform.IMarshaller<Amazon.Runtime.Internal.IRequest, AmazonWebServiceRequest> marshaller, Amazon.Runtime.Internal.Transform.ResponseUnmarshaller unmarshaller, CancellationToken cancellationToken)
    {
        var options = new InvokeOptions { RequestMarshaller = marshaller, ResponseUnmarshaller = unmarshaller };
        var response = await InvokeAsync<WireResponse<T>>(request, options, cancellationToken).ConfigureAwait(false);
        return response.Result;
    }
}
