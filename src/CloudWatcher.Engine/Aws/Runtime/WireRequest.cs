using System.Text.Json;
using Amazon.Runtime;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// A request for an AWS JSON 1.0/1.1 operation. The whole body document is written by a delegate (the generated
/// <c>*Json.Write</c> of the operation's input shape), so the generic marshaller needs no per-operation class.
/// </summary>
internal sealed class JsonRpcRequest : AmazonWebServiceRequest
{
    public JsonRpcRequest(string operation, Action<Utf8JsonWriter> writeBody)
    {
        Operation = operation;
        WriteBody = writeBody;
    }

    public string Operation { get; }

    public Action<Utf8JsonWriter> WriteBody { get; }

    /// <summary>Headers the operation adds for this request only (e.g. x-amzn-logs-format on PutLogEvents of EMF events).</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
}

/// <summary>
/// A request for an awsQuery operation (CloudWatch's fallback): flattened form parameters.
/// </summary>
internal sealed class QueryRequest : AmazonWebServiceRequest
{
    public QueryRequest(string action)
    {
        Action = action;
    }

    public string Action { get; }

    /// <summary>Flattened parameters in the order they were added (Action and Version are added by the marshaller).</summary>
    public List<KeyValuePair<string, string>> Parameters { get; } = new();

    public QueryRequest Add(string name, string? value)
    {
        if (value is not null)
        {
            Parameters.Add(new KeyValuePair<string, string>(name, value));
        }
        return this;
    }
}

/// <summary>The parsed body of a successful response.</summary>
internal sealed class WireResponse<T> : AmazonWebServiceResponse
{
    public T Result { get; set; } = default!;
}
