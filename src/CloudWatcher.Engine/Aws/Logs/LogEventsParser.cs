using System.Buffers;
using System.Text;
using System.Text.Json;
using CloudWatcher.Logs;
using CloudWatcher.Time;

namespace CloudWatcher.Aws.Logs;

/// <summary>
/// Reads GetLogEvents and FilterLogEvents pages straight from the response stream in 64 KB chunks with a resumable
/// Utf8JsonReader, building LogEvents as it goes: no whole-body buffer (pages are up to 1 MB), no document tree, and
/// one string per stream name a page instead of one per event. The hot path of every log read.
/// </summary>
internal sealed class LogEventsParser
{
    private const int ChunkSize = 64 * 1024;
    private static readonly byte[] EventsName = "events"u8.ToArray();
    private static readonly byte[] TimestampName = "timestamp"u8.ToArray();
    private static readonly byte[] MessageName = "message"u8.ToArray();
    private static readonly byte[] IngestionTimeName = "ingestionTime"u8.ToArray();
    private static readonly byte[] StreamName = "logStreamName"u8.ToArray();
    private static readonly byte[] EventIdName = "eventId"u8.ToArray();

    private enum State { Start, Top, TopValue, EventsValue, EventsArray, Event, EventValue, Skip, Done }

    private enum Field { None, Timestamp, Message, IngestionTime, Stream, EventId }

    private readonly string _group;
    private readonly string? _stream;
    private readonly string[] _tokenNames;
    private readonly LogEventPage _events = new();
    private readonly Dictionary<string, string?> _tokens = new(StringComparer.Ordinal);
    private readonly List<(byte[] Utf8, string Name)> _streamNames = new(4);
    private State _state = State.Start;
    private State _afterSkip;
    private int _skipDepth;
    private string? _topName;
    private Field _field;
    private long _timestamp;
    private long? _ingestion;
    private string _message = "";
    private string? _eventStream;
    private string? _eventId;

    private LogEventsParser(string group, string? stream, string[] tokenNames)
    {
        _group = group;
        _stream = stream;
        _tokenNames = tokenNames;
    }

    /// <summary>The events and the string properties named in <paramref name="tokenNames"/> (e.g. nextForwardToken).</summary>
    public static (IReadOnlyList<LogEvent> Events, Dictionary<string, string?> Tokens) Parse(Stream body, string group, string? stream, params string[] tokenNames)
    {
        var parser = new LogEventsParser(group, stream, tokenNames);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var state = new JsonReaderState();
            var filled = 0;
            var final = false;
            while (parser._state != State.Done)
            {
                if (filled == buffer.Length)
                {
                    // One token (a very long message) does not fit: grow the buffer.
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                if (!final)
                {
                    var read = body.Read(buffer, filled, buffer.Length - filled);
                    filled += read;
                    final = read == 0;
                }
                var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), final, state);
                parser.Feed(ref reader);
                if (final && parser._state != State.Done)
                {
                    throw new JsonException("The log events response ended early.");
                }
                state = reader.CurrentState;
                var consumed = (int)reader.BytesConsumed;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
            // Read to the end so the SDK can check the response's length and checksum.
            while (body.Read(buffer, 0, buffer.Length) > 0)
            {
            }
            return (parser._events, parser._tokens);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Feed(ref Utf8JsonReader reader)
    {
        while (_state != State.Done && reader.Read())
        {
            switch (_state)
            {
                case State.Start:
                    Require(reader.TokenType == JsonTokenType.StartObject);
                    _state = State.Top;
                    break;
                case State.Top:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _state = State.Done;
                    }
                    else if (reader.ValueTextEquals(EventsName))
                    {
                        _state = State.EventsValue;
                    }
                    else
                    {
                        _topName = null;
                        foreach (var name in _tokenNames)
                        {
                            if (reader.ValueTextEquals(name))
                            {
                                _topName = name;
                                break;
                            }
                        }
                        _state = State.TopValue;
                    }
                    break;
                case State.TopValue:
                    if (_topName is not null && reader.TokenType is JsonTokenType.String or JsonTokenType.Null)
                    {
                        _tokens[_topName] = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                        _state = State.Top;
                    }
                    else
                    {
                        BeginSkip(ref reader, State.Top);
                    }
                    break;
                case State.EventsValue:
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        _state = State.EventsArray;
                    }
                    else
                    {
                        BeginSkip(ref reader, State.Top);
                    }
                    break;
                case State.EventsArray:
                    if (reader.TokenType == JsonTokenType.EndArray)
                    {
                        _state = State.Top;
                    }
                    else
                    {
                        Require(reader.TokenType == JsonTokenType.StartObject);
                        (_timestamp, _ingestion, _message, _eventStream, _eventId) = (0, null, "", _stream, null);
                        _state = State.Event;
                    }
                    break;
                case State.Event:
                    if (reader.TokenType == JsonTokenType.EndObject)
                    {
                        _events.Add(new LogEvent(Epoch.FromMilliseconds(_timestamp), _ingestion is long i ? Epoch.FromMilliseconds(i) : null,
                            _message, _group, _eventStream, _eventId));
                        _state = State.EventsArray;
                    }
                    else
                    {
                        _field = reader.ValueTextEquals(TimestampName) ? Field.Timestamp
                            : reader.ValueTextEquals(MessageName) ? Field.Message
                            : reader.ValueTextEquals(IngestionTimeName) ? Field.IngestionTime
                            : reader.ValueTextEquals(StreamName) ? Field.Stream
                            : reader.ValueTextEquals(EventIdName) ? Field.EventId
                            : Field.None;
                        _state = State.EventValue;
                    }
                    break;
                case State.EventValue:
                    switch (_field)
                    {
                        case Field.Timestamp when reader.TokenType == JsonTokenType.Number:
                            _timestamp = reader.GetInt64();
                            break;
                        case Field.IngestionTime when reader.TokenType == JsonTokenType.Number:
                            _ingestion = reader.GetInt64();
                            break;
                        case Field.Message when reader.TokenType == JsonTokenType.String:
                            _message = reader.GetString() ?? "";
                            break;
                        case Field.Stream when reader.TokenType == JsonTokenType.String:
                            _eventStream = StreamNameOf(ref reader);
                            break;
                        case Field.EventId when reader.TokenType == JsonTokenType.String:
                            _eventId = reader.GetString();
                            break;
                        default:
                            BeginSkip(ref reader, State.Event);
                            continue;
                    }
                    _state = State.Event;
                    break;
                case State.Skip:
                    if (reader.CurrentDepth == _skipDepth && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                    {
                        _state = _afterSkip;
                    }
                    break;
            }
        }
    }

    /// <summary>Skips a value token by token (it may span chunks); a primitive is skipped at once.</summary>
    private void BeginSkip(ref Utf8JsonReader reader, State after)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            _skipDepth = reader.CurrentDepth;
            _afterSkip = after;
            _state = State.Skip;
        }
        else
        {
            _state = after;
        }
    }

    /// <summary>Reuses the string of a stream name already seen on this page (pages interleave a few streams).</summary>
    private string StreamNameOf(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            foreach (var (utf8, name) in _streamNames)
            {
                if (reader.ValueSpan.SequenceEqual(utf8))
                {
                    return name;
                }
            }
        }
        var text = reader.GetString()!;
        if (_streamNames.Count < 64)
        {
            _streamNames.Add((Encoding.UTF8.GetBytes(text), text));
        }
        return text;
    }

    private static void Require(bool condition)
    {
        if (!condition)
        {
            throw new JsonException("The log events response is not in the expected shape.");
        }
    }
}
