using System.Text;
using System.Text.Json;

namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// The service's failure, sent inside an event stream in place of an event: a modeled exception (":message-type"
/// exception, named by ":exception-type", details in the payload, e.g. SessionTimeoutException) or an error
/// (":message-type" error, with ":error-code" and ":error-message"). The stream ends after it. <see cref="ErrorCode"/>
/// is the name the engine classifies like any service error code.
/// </summary>
internal sealed class EventStreamErrorException : Exception
{
    private const int MaxQuotedPayload = 500;

    public EventStreamErrorException(string messageType, string errorCode, string? serviceMessage, ReadOnlyMemory<byte> payload)
        : base(string.IsNullOrEmpty(serviceMessage)
            ? $"the service sent {errorCode} in the event stream"
            : $"the service sent {errorCode} in the event stream: {serviceMessage}")
    {
        MessageType = messageType;
        ErrorCode = errorCode;
        ServiceMessage = serviceMessage;
        Payload = payload;
    }

    /// <summary>"exception" (modeled by the service) or "error".</summary>
    public string MessageType { get; }

    /// <summary>":exception-type" or ":error-code"; "UnknownException"/"UnknownError" when the message has none.</summary>
    public string ErrorCode { get; }

    /// <summary>":error-message", or the "message" member of an exception's JSON payload (else its text), if any.</summary>
    public string? ServiceMessage { get; }

    /// <summary>The exception's payload, for a caller that deserializes the modeled exception shape.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The exception for an exception or error message.</summary>
    public static EventStreamErrorException From(EventStreamMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.MessageType == "error")
        {
            return new("error", message.ErrorCode ?? "UnknownError", message.ErrorMessage, message.Payload);
        }
        return new(message.MessageType ?? "exception", message.ExceptionType ?? "UnknownException", PayloadMessage(message.Payload.Span), message.Payload);
    }

    private static string? PayloadMessage(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return null;
        }
        try
        {
            var reader = new Utf8JsonReader(payload);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in document.RootElement.EnumerateObject())
                {
                    if (member.Name is "message" or "Message" && member.Value.ValueKind == JsonValueKind.String)
                    {
                        return member.Value.GetString();
                    }
                }
                return null;
            }
        }
        catch (JsonException)
        {
            // Not JSON: quote the text below.
        }
        var text = Encoding.UTF8.GetString(payload).Trim();
        return text.Length > MaxQuotedPayload ? text[..MaxQuotedPayload] + "…" : text;
    }
}
