using System.Text;
using System.Text.Json;
using CloudWatcher.Aws.Runtime;

namespace CloudWatcher.Aws.Logs;

/// <summary>
/// Reads GetLogEvents and FilterLogEvents pages in one pass with Utf8JsonReader, building LogEvents directly: no
/// document tree, and one string per stream name a page instead of one per event. The hot path of every log read.
/// </summary>
internal static class LogEventsParser
{
    private static readonly byte[] EventsName = "events"u8.ToArray();
    private static readonly byte[] TimestampName = "timestamp"u8.ToArray();
    private static readonly byte[] MessageName = "message"u8.ToArray();
    private static readonly byte[] IngestionTimeName = "ingestionTime"u8.ToArray();
    private static readonly byte[] StreamName = "logStreamName"u8.ToArray();
    private static readonly byte[] EventIdName = "eventId"u8.ToArray();

    /// <summary>The events and the string properties named in <paramref name="tokens"/> (e.g. nextForwardToken).</summary>
    public static (List<LogEvent> Events, Dictionary<string, string?> Tokens) Parse(ReadOnlySpan<byte> json, string group, string? stream, params string[] tokens)
    {
        var reader = new Utf8JsonReader(json);
        var events = new List<LogEvent>();
        var found = new Dictionary<string, string?>(tokens.Length, StringComparer.Ordinal);
        var names = new StreamNames();
        Expect(ref reader, JsonTokenType.StartObject);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(EventsName))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                    {
                        events.Add(ReadEvent(ref reader, group, stream, ref names));
                    }
                }
                else
                {
                    reader.Skip();
                }
                continue;
            }
            var matched = false;
            foreach (var token in tokens)
            {
                if (reader.ValueTextEquals(token))
                {
                    reader.Read();
                    found[token] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                    matched = true;
                    break;
                }
            }
            if (!matched)
            {
                reader.Read();
                reader.Skip();
            }
        }
        return (events, found);
    }

    private static LogEvent ReadEvent(ref Utf8JsonReader reader, string group, string? stream, ref StreamNames names)
    {
        long timestamp = 0;
        long? ingestion = null;
        string message = "";
        string? eventStream = stream;
        string? eventId = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(TimestampName))
            {
                reader.Read();
                timestamp = reader.GetInt64();
            }
            else if (reader.ValueTextEquals(MessageName))
            {
                reader.Read();
                message = reader.GetString() ?? "";
            }
            else if (reader.ValueTextEquals(IngestionTimeName))
            {
                reader.Read();
                ingestion = reader.GetInt64();
            }
            else if (reader.ValueTextEquals(StreamName))
            {
                reader.Read();
                eventStream = names.Get(ref reader);
            }
            else if (reader.ValueTextEquals(EventIdName))
            {
                reader.Read();
                eventId = reader.GetString();
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
        return new LogEvent(Epoch.FromMilliseconds(timestamp), ingestion is long i ? Epoch.FromMilliseconds(i) : null, message, group, eventStream, eventId);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (!reader.Read() || reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in the log events response.");
        }
    }

    /// <summary>Reuses the string of a stream name already seen on this page (pages interleave a few streams).</summary>
    private struct StreamNames
    {
        private List<(byte[] Utf8, string Name)>? _seen;

        public string? Get(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                return null;
            }
            _seen ??= new List<(byte[], string)>(4);
            if (!reader.ValueIsEscaped)
            {
                foreach (var (utf8, name) in _seen)
                {
                    if (reader.ValueSpan.SequenceEqual(utf8))
                    {
                        return name;
                    }
                }
            }
            var text = reader.GetString()!;
            if (_seen.Count < 64)
            {
                _seen.Add((Encoding.UTF8.GetBytes(text), text));
            }
            return text;
        }
    }
}
