using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Compression;
using Amazon.Runtime.Internal.Transform;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Marshals a <see cref="JsonRpcRequest"/> as AWS JSON 1.0 or 1.1: POST /, X-Amz-Target, JSON body; for a service
/// that moved from awsQuery (CloudWatch), x-amzn-query-mode asks for query-compatible error codes. An operation the
/// model marks for request compression is flagged gzip: Core's CompressionHandler then compresses a body of at least
/// RequestMinCompressionSizeBytes (10 KiB unless AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES says otherwise; off with
/// AWS_DISABLE_REQUEST_COMPRESSION) before it is signed, and sets Content-Encoding: gzip.
/// </summary>
internal sealed class JsonRpcMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    private readonly string _targetPrefix;
    private readonly string _serviceName;
    private readonly string _contentType;
    private readonly bool _queryCompatible;
    private readonly Func<string, bool> _acceptsGzip;

    public JsonRpcMarshaller(string serviceName, string targetPrefix, string jsonVersion = "1.1", bool queryCompatible = false, Func<string, bool>? acceptsGzip = null)
    {
        _serviceName = serviceName;
        _targetPrefix = targetPrefix.EndsWith('.') ? targetPrefix : targetPrefix + ".";
        _contentType = "application/x-amz-json-" + jsonVersion;
        _queryCompatible = queryCompatible;
        _acceptsGzip = acceptsGzip ?? (static _ => false);
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
        foreach (var (name, value) in rpc.Headers ?? new Dictionary<string, string>())
        {
            request.Headers[name] = value;
        }

        // The body grows in pooled arrays; only the exact copy Core sends is allocated per call.
        using (var buffer = new PooledBufferWriter())
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                rpc.WriteBody(writer);
            }
            request.Content = buffer.WrittenSpan.ToArray();
        }
        if (_acceptsGzip(rpc.Operation))
        {
            request.CompressionAlgorithm = CompressionEncodingAlgorithm.gzip;
        }
        return request;
    }
}

/// <summary>
/// Marshals a <see cref="QueryRequest"/> as awsQuery: Action, Version and flattened members; an operation the model
/// marks for request compression is flagged gzip, as in <see cref="JsonRpcMarshaller"/> (the form body is compressed).
/// </summary>
internal sealed class QueryMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
{
    private readonly string _serviceName;
    private readonly string _version;
    private readonly Func<string, bool> _acceptsGzip;

    public QueryMarshaller(string serviceName, string version, Func<string, bool>? acceptsGzip = null)
    {
        _serviceName = serviceName;
        _version = version;
        _acceptsGzip = acceptsGzip ?? (static _ => false);
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
        if (_acceptsGzip(query.Action))
        {
            request.CompressionAlgorithm = CompressionEncodingAlgorithm.gzip;
        }
        return request;
    }
}
