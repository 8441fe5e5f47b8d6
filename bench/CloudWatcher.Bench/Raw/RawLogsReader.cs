using System.Buffers;
using System.Text.Json;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// The floor for reading logs: the same GetLogEvents / FilterLogEvents pages CloudWatcher reads, signed with Core's
/// AWS4Signer, parsed with Utf8JsonReader that only counts events and picks the next token (no event objects).
/// </summary>
internal sealed class RawLogsReader : IDisposable
{
    private readonly Uri _endpoint;
    private readonly SigV4 _signer;
    private readonly RawHttp _http = new();

    public RawLogsReader(Uri endpoint, SigV4 signer)
    {
        _endpoint = endpoint;
        _signer = signer;
    }

    /// <summary>GetLogEvents from the head until the same forward token comes back.</summary>
    public async Task<(long Events, int Pages)> ReadStreamAsync(string group, string stream, CancellationToken cancellationToken = default)
    {
        string? token = null;
        long events = 0;
        var pages = 0;
        while (true)
        {
            var body = Json(w =>
            {
                w.WriteString("logGroupName", group);
                w.WriteString("logStreamName", stream);
                w.WriteBoolean("startFromHead", true);
                if (token is not null) w.WriteString("nextToken", token);
            });
            var (count, next) = await PostAsync("GetLogEvents", body, "nextForwardToken"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            events += count;
            pages++;
            if (next is null || next == token) return (events, pages);
            token = next;
        }
    }

    /// <summary>FilterLogEvents over the whole group until there is no nextToken.</summary>
    public async Task<(long Events, int Pages)> ReadGroupAsync(string group, CancellationToken cancellationToken = default)
    {
        string? token = null;
        long events = 0;
        var pages = 0;
        while (true)
        {
            var body = Json(w =>
            {
                w.WriteString("logGroupName", group);
                if (token is not null) w.WriteString("nextToken", token);
            });
            var (count, next) = await PostAsync("FilterLogEvents", body, "nextToken"u8.ToArray(), cancellationToken).ConfigureAwait(false);
            events += count;
            pages++;
            if (next is null) return (events, pages);
            token = next;
        }
    }

    private async Task<(int Count, string? Next)> PostAsync(string operation, byte[] body, byte[] tokenName, CancellationToken cancellationToken)
    {
        var request = _signer.CreatePost(_endpoint, "logs", "application/x-amz-json-1.1", "Logs_20140328." + operation, body);
        var length = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return CountEvents(_http.Body(length), tokenName);
    }

    /// <summary>Counts the objects of the top-level "events" array and reads the named top-level token.</summary>
    internal static (int Count, string? Next) CountEvents(ReadOnlySpan<byte> json, ReadOnlySpan<byte> tokenName)
    {
        var reader = new Utf8JsonReader(json);
        var count = 0;
        string? next = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (reader.ValueTextEquals("events"u8))
            {
                reader.Read(); // StartArray
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    count++;
                    reader.Skip(); // the event object
                }
            }
            else if (reader.ValueTextEquals(tokenName))
            {
                reader.Read();
                next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (count, next);
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public void Dispose() => _http.Dispose();
}
