using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Metrics.Wire;

/// <summary>
/// CloudWatch's awsJson1_0 protocol with query-compatible errors (the service model's <c>awsQueryCompatible</c>):
/// requests are POST / with <c>X-Amz-Target: GraniteServiceVersion20100801.Operation</c> and a JSON body; errors
/// carry the JSON error shape name in <c>__type</c> and the awsQuery code in <c>x-amzn-query-error: Code;Sender</c>,
/// which current SDKs and the AWS CLI report as the error code.
/// </summary>
internal static class CloudWatchJson
{
    public const string TargetPrefix = "GraniteServiceVersion20100801.";
    public const string ContentType = "application/x-amz-json-1.0";
    public const string QueryErrorHeader = "x-amzn-query-error";
    private const string ShapeNamespace = "com.amazonaws.cloudwatch#";

    /// <summary>awsQuery error codes and the error shapes the model gives them (models/aws/cloudwatch-2010-08-01.service-2.json).</summary>
    private static readonly Dictionary<string, string> ShapeByCode = new(StringComparer.Ordinal)
    {
        ["InvalidParameterValue"] = "InvalidParameterValueException",
        ["InvalidParameterCombination"] = "InvalidParameterCombinationException",
        ["MissingParameter"] = "MissingRequiredParameterException",
        ["InvalidNextToken"] = "InvalidNextToken",
        ["LimitExceeded"] = "LimitExceededFault",
        ["InternalServiceError"] = "InternalServiceFault",
        ["InvalidFormat"] = "InvalidFormatFault",
        ["ResourceNotFound"] = "ResourceNotFound",
    };

    /// <summary>The request body flattened into awsQuery parameter names (members by name, list items as .member.N).</summary>
    public static QueryArgs Flatten(byte[] body)
    {
        var q = new QueryArgs();
        if (body.Length == 0) return q;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            throw new ServiceError("SerializationException", "Unable to parse the request body as JSON.");
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ServiceError("SerializationException", "Start of structure or map found where not expected.");
            Flatten(q, "", document.RootElement);
        }
        return q;
    }

    private static void Flatten(QueryArgs q, string prefix, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in value.EnumerateObject())
                    Flatten(q, prefix.Length == 0 ? member.Name : prefix + "." + member.Name, member.Value);
                break;
            case JsonValueKind.Array:
                int n = 0;
                foreach (var item in value.EnumerateArray()) Flatten(q, QueryArgs.Member(prefix, ++n), item);
                if (n == 0) q.Add(prefix, ""); // an empty list is present, as awsQuery sends "X=" for one
                break;
            case JsonValueKind.String:
                q.Add(prefix, value.GetString()!);
                break;
            case JsonValueKind.Number:
                q.Add(prefix, value.GetRawText());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                q.Add(prefix, value.ValueKind == JsonValueKind.True ? "true" : "false");
                break;
        }
    }

    /// <summary>The error body: <c>{"__type": "com.amazonaws.cloudwatch#Shape", "message": "…"}</c>.</summary>
    public static byte[] Error(ServiceError error)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("__type", ShapeNamespace + ShapeByCode.GetValueOrDefault(error.Code, error.Code));
            w.WriteString("message", error.Message);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The x-amzn-query-error value: the awsQuery code and who is at fault.</summary>
    public static string QueryError(ServiceError error) => error.Code + ";" + (error.SenderFault ? "Sender" : "Receiver");
}
