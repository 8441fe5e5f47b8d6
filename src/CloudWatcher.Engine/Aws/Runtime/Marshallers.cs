using System.Buffers;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Marshals a <see cref="JsonRpcRequest"/> as AWS JSON 1.0 or 1.1: POST /, X-Amz-Target, JSON body; for a service
/// that moved from awsQuery (CloudWatch), x-amzn-query-mode asks for query-compatible error codes.
/// </summary>
internal sealed class JsonRpcMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    private readonly string _targetPrefix;
    private readonly string _serviceName;
    private readonly string _contentType;
    private readonly bool _queryCompatible;

    public JsonRpcMarshaller(string serviceName, string targetPrefix, string jsonVersion = "1.1", bool queryCompatible = false)
    {
        _serviceName = serviceName;
        _targetPrefix = targetPrefix.EndsWith('.') ? targetPrefix : targetPrefix + ".";
        _contentType = "application/x-amz-json-" + jsonVersion;
        _queryCompatible = queryCompatible;
    }

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var rpc = (JsonRpcRequest)input;
        var request = new DefaultRequest(input, _serviceName)
        {
            HttpMethod = "POST",
            ResourcePath = "/",
        };
        request.Headers["X-Amz-Target"] = _targetPrefix + rpc.Operation;
        request.Headers["Content-Type"] = _contentType;
        if (_queryCompatible)
        {
            request.Headers["x-amzn-query-mode"] = "true";
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            rpc.WriteBody(writer);
        }
        request.Content = buffer.WrittenSpan.ToArray();
        return request;
    }
}

/// <summary>Marshals a <see cref="QueryRequest"/> as awsQuery: Action, Version and flattened members.</summary>
internal sealed class QueryMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    private readonly string _serviceName;
    private readonly string _version;

    public QueryMarshaller(string serviceName, string version)
    {
        _serviceName = serviceName;
        _version = version;
    }

    public IRequest Marshall(AmazonWebServiceRequest input)
    {
        var query = (QueryRequest)input;
        var request = new DefaultRequest(input, _serviceName)
        {
            HttpMethod = "POST",
            ResourcePath = "/",
        };
        request.Parameters.Add("Action", query.Action);
        request.Parameters.Add("Version", _version);
        foreach (var pair in query.Parameters)
        {
            request.Parameters.Add(pair.Key, pair.Value);
        }
        return request;
    }
}
