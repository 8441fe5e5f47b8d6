using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Microsoft.Win32.SafeHandles;

namespace CloudWatcher.Logs.Writing.Spool;

/// <summary>A call that carried spooled events (an <c>S</c> line): when it was made and which events it carried.</summary>
internal sealed record SentMark(long SentAt, SequenceRanges Ranges);

/// <summary>What a spool file holds, without the messages: its header, its events' numbers and times, the calls made and the acknowledgements.</summary>
internal sealed class SpoolSegmentIndex
{
    public SpoolHeader? Header { get; init; }

    public required List<(long Sequence, long Timestamp)> Events { get; init; }

    public required List<SentMark> Sent { get; init; }

    public required SequenceRanges Acknowledged { get; init; }

    public IEnumerable<(long Sequence, long Timestamp)> Pending => Events.Where(e => !Acknowledged.Contains(e.Sequence));

    /// <summary>
    /// The pending events that a call carried (sent, never acknowledged: the process ended while the call was out, or
    /// the call failed), each under the last call that carried it; they may have arrived.
    /// </summary>
    public IReadOnlyList<(SentMark Mark, SequenceRanges Events)> InDoubt()
    {
        var lastMark = new Dictionary<long, int>();
        var pending = Pending.Select(e => e.Sequence).ToHashSet();
        for (var m = 0; m < Sent.Count; m++)
        {
            foreach (var (first, last) in Sent[m].Ranges.Ranges)
            {
                for (var s = first; s <= last; s++)
                {
                    if (pending.Contains(s))
                    {
                        lastMark[s] = m;
                    }
                }
            }
        }
        return lastMark.GroupBy(p => p.Value).OrderBy(g => g.Key)
            .Select(g => (Sent[g.Key], SequenceRanges.From(g.Select(p => p.Key)))).ToList();
    }
}

/// <summary>Reads spool files (see <see cref="SpoolSegment"/> for the format). A line that is not of the format is damage, reported with the file and line, never skipped silently.</summary>
internal static class SpoolSegmentReader
{
    public static SpoolSegmentIndex ReadIndex(SafeFileHandle handle, long completeLength, string path)
    {
        SpoolHeader? header = null;
        var events = new List<(long, long)>();
        var sent = new List<SentMark>();
        var acknowledged = new List<(long, long)>();
        foreach (var (number, line, _) in SpoolLines.Read(handle, completeLength))
        {
            if (number == 1)
            {
                header = SpoolHeader.TryParse(line) ?? throw Damaged(path, number, "its first line is not a CloudWatcher spool header");
                continue;
            }
            switch (line.Length > 1 && line[1] == (byte)' ' ? (char)line[0] : '?')
            {
                case 'E':
                    var (sequence, timestamp, _) = ParseEvent(line, path, number, withMessage: false);
                    events.Add((sequence, timestamp));
                    break;
                case 'S':
                    var space = line.AsSpan(2).IndexOf((byte)' ');
                    if (space < 0 || !Utf8Parser.TryParse(line.AsSpan(2, space), out long sentAt, out var used) || used != space
                        || SequenceRanges.TryParse(Encoding.ASCII.GetString(line, 3 + space, line.Length - 3 - space)) is not { } carried)
                    {
                        throw Damaged(path, number, "a call line is not 'S <time> <events>'");
                    }
                    sent.Add(new SentMark(sentAt, carried));
                    break;
                case 'A':
                    var acked = SequenceRanges.TryParse(Encoding.ASCII.GetString(line, 2, line.Length - 2))
                        ?? throw Damaged(path, number, "an acknowledgement line is not 'A <events>'");
                    acknowledged.AddRange(acked.Ranges);
                    break;
                default:
                    throw Damaged(path, number, "the line is not an event, call or acknowledgement");
            }
        }
        return new SpoolSegmentIndex { Header = header, Events = events, Sent = sent, Acknowledged = SequenceRanges.Merge(acknowledged) };
    }

    /// <summary>The events whose numbers are wanted, with their messages, in file order.</summary>
    public static IEnumerable<PendingLogEvent> ReadEvents(SafeFileHandle handle, long completeLength, string path, Func<long, bool> wanted)
    {
        foreach (var (number, line, _) in SpoolLines.Read(handle, completeLength))
        {
            if (number == 1 || line.Length < 2 || line[0] != (byte)'E')
            {
                continue;
            }
            var (sequence, _, _) = ParseEvent(line, path, number, withMessage: false);
            if (wanted(sequence))
            {
                var (_, timestamp, message) = ParseEvent(line, path, number, withMessage: true);
                yield return new PendingLogEvent(sequence, timestamp, message!, LogWriteLimits.SizeOf(message!));
            }
        }
    }

    internal static CloudWatcherException Damaged(string path, int line, string reason) =>
        new("SpoolSegmentDamaged", ErrorKind.InvalidData,
            $"The spool file '{path}' is damaged at line {line}: {reason}. It was left as it is and not sent; " +
            "look at it (its events are JSON strings on lines that start with 'E'), then move it out of the spool folder.", path);

    private static (long Sequence, long Timestamp, string? Message) ParseEvent(byte[] line, string path, int number, bool withMessage)
    {
        var rest = line.AsSpan(2);
        if (!Utf8Parser.TryParse(rest, out long sequence, out var used) || used == 0 || rest.Length <= used || rest[used] != (byte)' ')
        {
            throw Damaged(path, number, "an event line is not 'E <number> <time> <message>'");
        }
        rest = rest[(used + 1)..];
        if (!Utf8Parser.TryParse(rest, out long timestamp, out used) || used == 0 || rest.Length <= used || rest[used] != (byte)' ')
        {
            throw Damaged(path, number, "an event line is not 'E <number> <time> <message>'");
        }
        rest = rest[(used + 1)..];
        if (!withMessage)
        {
            return (sequence, timestamp, null);
        }
        try
        {
            var reader = new Utf8JsonReader(rest);
            if (reader.Read() && reader.TokenType == JsonTokenType.String && reader.BytesConsumed == rest.Length)
            {
                return (sequence, timestamp, reader.GetString());
            }
        }
        catch (JsonException)
        {
        }
        throw Damaged(path, number, "an event's message is not a JSON string");
    }
}
