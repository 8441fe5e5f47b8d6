namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// One message of an <c>application/vnd.amazon.eventstream</c> body: ordered headers and a payload. A message the
/// reader returns owns its payload (copied out of the reader's buffer), so callers may keep it.
/// </summary>
internal sealed class EventStreamMessage
{
    public const string MessageTypeHeader = ":message-type";
    public const string EventTypeHeader = ":event-type";
    public const string ExceptionTypeHeader = ":exception-type";
    public const string ContentTypeHeader = ":content-type";
    public const string ErrorCodeHeader = ":error-code";
    public const string ErrorMessageHeader = ":error-message";

    /// <summary>A message of <paramref name="headers"/> (kept in order, names unique) and <paramref name="payload"/> (not copied).</summary>
    public EventStreamMessage(IEnumerable<EventStreamHeader> headers, ReadOnlyMemory<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var list = headers.ToList();
        var duplicate = list.GroupBy(h => h.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Header '{duplicate.Key}' is given more than once.", nameof(headers));
        }
        Headers = list;
        Payload = payload;
    }

    public IReadOnlyList<EventStreamHeader> Headers { get; }

    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>":message-type": event, exception or error.</summary>
    public string? MessageType => GetString(MessageTypeHeader);

    /// <summary>":event-type" of an event, the member of the event-stream union it carries (sessionStart, sessionUpdate).</summary>
    public string? EventType => GetString(EventTypeHeader);

    /// <summary>":exception-type" of an exception message, the modeled exception's name (SessionTimeoutException).</summary>
    public string? ExceptionType => GetString(ExceptionTypeHeader);

    public string? ContentType => GetString(ContentTypeHeader);

    /// <summary>":error-code" of an error message (one the service did not model).</summary>
    public string? ErrorCode => GetString(ErrorCodeHeader);

    public string? ErrorMessage => GetString(ErrorMessageHeader);

    /// <summary>True for an exception or error message: the service's failure, sent in place of an event.</summary>
    public bool IsError => MessageType is "exception" or "error";

    /// <summary>The header called <paramref name="name"/> (names compare ordinally), or null.</summary>
    public EventStreamHeader? FindHeader(string name)
    {
        foreach (var header in Headers)
        {
            if (string.Equals(header.Name, name, StringComparison.Ordinal))
            {
                return header;
            }
        }
        return null;
    }

    /// <summary>The value of a string header, or null when it is missing or of another type.</summary>
    public string? GetString(string name) => FindHeader(name)?.Value as string;

    /// <summary>Throws <see cref="EventStreamErrorException"/> when this is an exception or error message.</summary>
    public void ThrowIfError()
    {
        if (IsError)
        {
            throw EventStreamErrorException.From(this);
        }
    }

    public override string ToString() =>
        $"{MessageType ?? "(no :message-type)"} {EventType ?? ExceptionType ?? ErrorCode ?? ""}".TrimEnd() + $", {Headers.Count} headers, {Payload.Length} payload bytes";
}
