using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Xml;
using Amazon.Runtime;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Sessions;

namespace CloudWatcher.Aws.Metrics;

/// <summary>
/// Sends CloudWatch requests in the protocol the endpoint speaks: JSON 1.0 with query-compatible errors, as current
/// SDKs do, or awsQuery (form in, XML out) for servers that know only that (older moto and LocalStack, the AWS CLI v2
/// era). With <see cref="CloudWatchProtocol.Auto"/> the first call to an endpoint tries JSON; an answer that shows the
/// server does not understand it (XML, an unknown action or operation) switches to awsQuery, and the choice is
/// remembered for the endpoint for the life of the process.
/// </summary>
internal sealed class CloudWatchTransport
{
    private static readonly ConcurrentDictionary<string, CloudWatchProtocol> Learned = new(StringComparer.Ordinal);
    private static readonly JsonRpcMarshaller Json = new("Amazon.CloudWatch", Model.CloudWatchOperations.TargetPrefix, Model.CloudWatchOperations.JsonVersion,
        queryCompatible: true, Model.CloudWatchOperations.AcceptsGzipRequest);
    private static readonly QueryMarshaller Query = new("Amazon.CloudWatch", "2010-08-01", Model.CloudWatchOperations.AcceptsGzipRequest);

    private static readonly HashSet<string> JsonNotUnderstood = new(StringComparer.Ordinal)
    {
        "InvalidAction", "MissingAction", "UnknownOperationException", "UnknownOperation", "InvalidQueryParameter", "UnrecognizedClientException",
    };

    private readonly WireClient _client;
    private readonly CloudWatchProtocol _configured;
    private readonly string _endpointKey;

    public CloudWatchTransport(WireClient client, CloudWatchProtocol configured, string endpointKey)
    {
        _client = client;
        _configured = configured;
        _endpointKey = endpointKey;
    }

    /// <summary>The protocol the next call uses.</summary>
    public CloudWatchProtocol Current => _configured != CloudWatchProtocol.Auto ? _configured
        : Learned.TryGetValue(_endpointKey, out var learned) ? learned : CloudWatchProtocol.Auto;

    /// <summary>Forgets what was learned about every endpoint (tests).</summary>
    public static void ForgetLearned() => Learned.Clear();

    /// <param name="noOutput">The operation has no output: an empty JSON answer is success (see <see cref="JsonRpcUnmarshaller{T}"/>).</param>
    public async Task<T> SendAsync<T>(string operation, Action<Utf8JsonWriter> writeJson, Func<ReadOnlyMemory<byte>, T> readJson,
        Action<QueryRequest> writeQuery, Func<XmlReader, T> readXml, CancellationToken cancellationToken, bool noOutput = false)
    {
        var protocol = Current;
        if (protocol == CloudWatchProtocol.Query)
        {
            return await SendQueryAsync(operation, writeQuery, readXml, cancellationToken).ConfigureAwait(false);
        }
        try
        {
            var result = await _client.SendAsync<T>(new JsonRpcRequest(operation, writeJson), Json, new JsonRpcUnmarshaller<T>(readJson, "CloudWatch", noOutput), cancellationToken).ConfigureAwait(false);
            if (protocol == CloudWatchProtocol.Auto)
            {
                Learned[_endpointKey] = CloudWatchProtocol.Json;
            }
            return result;
        }
        catch (Exception ex) when (protocol == CloudWatchProtocol.Auto && SpeaksOnlyQuery(ex))
        {
            Learned[_endpointKey] = CloudWatchProtocol.Query;
            return await SendQueryAsync(operation, writeQuery, readXml, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (_configured == CloudWatchProtocol.Json && SpeaksOnlyQuery(ex))
        {
            throw new CloudWatcherConfigurationException("CloudWatchProtocolNotSpoken",
                $"CloudWatch {operation}: the endpoint answered a JSON 1.0 request as a server that speaks only the older awsQuery protocol does, " +
                $"and JSON is required ({Sessions.CloudWatchProtocol.Json} was set, e.g. by {AwsSessionFactory.ProtocolVariable}). " +
                $"Set {AwsSessionFactory.ProtocolVariable} to auto (or remove it) to fall back to awsQuery, or to query.");
        }
    }

    private Task<T> SendQueryAsync<T>(string operation, Action<QueryRequest> writeQuery, Func<XmlReader, T> readXml, CancellationToken cancellationToken)
    {
        var request = new QueryRequest(operation);
        writeQuery(request);
        return _client.SendAsync<T>(request, Query, new QueryUnmarshaller<T>(readXml), cancellationToken);
    }

    /// <summary>An answer to a JSON request that shows the server speaks awsQuery only.</summary>
    private static bool SpeaksOnlyQuery(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case AwsWireException wire when wire.IsXmlAnswer || (wire.ErrorCode is { } code && JsonNotUnderstood.Contains(code)):
                    return true;
                case AmazonServiceException service when service.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
                    or HttpStatusCode.UnsupportedMediaType:
                    return true;
                case ProtocolMismatchException mismatch when mismatch.Message.Contains("XML", StringComparison.Ordinal):
                    return true;
            }
        }
        return false;
    }
}
