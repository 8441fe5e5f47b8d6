using System.Globalization;
using System.Text.Json;
using CloudWatcher.Emulator.Logs.Patterns;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>GetLogEvents and FilterLogEvents. Tokens are opaque encodings of positions (indices) in streams.</summary>
internal sealed partial class LogsHandler
{
    private const int PageByteCap = 1_048_576;

    private static string FwdToken(int p) => "f/" + p.ToString("D20", CultureInfo.InvariantCulture) + "/s";
    private static string BackToken(int p) => "b/" + p.ToString("D20", CultureInfo.InvariantCulture) + "/s";

    private static (bool Forward, int Position) ParseGetToken(string token)
    {
        if (token.Length >= 3 && (token[0] == 'f' || token[0] == 'b') && token[1] == '/')
        {
            string body = token[2..];
            if (body.EndsWith("/s", StringComparison.Ordinal)) body = body[..^2];
            if (int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out int p))
                return (token[0] == 'f', p);
        }
        throw JsonArgs.Invalid("The specified nextToken is invalid.");
    }

    private static (long? Start, long? End) TimeRange(JsonArgs a)
    {
        long? start = a.Long("startTime"), end = a.Long("endTime");
        if (start is < 0) JsonArgs.Range(start.Value, "startTime", 0, long.MaxValue);
        if (end is < 0) JsonArgs.Range(end.Value, "endTime", 0, long.MaxValue);
        return (start, end);
    }

    /// <summary>An index range without the events that expired under the group's retention (they are hidden, not removed).</summary>
    private static (int Lo, int Hi) Retained(LogStream s, long? cutoff, int lo, int hi)
    {
        if (cutoff is not { } c) return (lo, hi);
        lo = Math.Max(lo, s.LowerBound(c));
        return (lo, Math.Max(lo, hi));
    }

    private void GetLogEvents(JsonArgs a, Utf8JsonWriter w)
    {
        string streamName = a.Required("logStreamName");
        ValidateStreamName(streamName);
        var g = ResolveGroup(a, allowIdentifier: true);
        var s = g.FindStream(streamName) ?? throw StreamNotFound();
        var (startTime, endTime) = TimeRange(a);
        int limit = Limit(a, 10_000, 10_000);
        bool fromHead = a.Bool("startFromHead") ?? false;
        string? token = a.String("nextToken");

        var (lo, hi) = s.Range(startTime, endTime);
        (lo, hi) = Retained(s, g.RetentionCutoff(_store.NowMs), lo, hi);
        List<LogEvent> page;
        int start, end;
        if (token is null)
        {
            if (fromHead) { start = lo; page = s.ReadForward(lo, hi, limit, PageByteCap, out end); }
            else { end = hi; page = s.ReadBackward(hi, lo, limit, PageByteCap, out start); }
        }
        else
        {
            var (forward, p) = ParseGetToken(token);
            if (forward) { start = Math.Max(p, lo); page = s.ReadForward(start, hi, limit, PageByteCap, out end); }
            else { end = Math.Min(p, hi); page = s.ReadBackward(end, lo, limit, PageByteCap, out start); }
        }

        w.WriteStartArray("events");
        foreach (var e in page)
        {
            w.WriteStartObject();
            w.WriteNumber("timestamp", e.Timestamp);
            w.WriteString("message", e.Message);
            w.WriteNumber("ingestionTime", e.IngestionTime);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteString("nextForwardToken", FwdToken(end));
        w.WriteString("nextBackwardToken", BackToken(start));
    }

    private readonly record struct MergeKey(long Timestamp, int StreamIndex, int EventIndex);

    private sealed class MergeKeyComparer : IComparer<MergeKey>
    {
        public static readonly MergeKeyComparer Instance = new();

        public int Compare(MergeKey x, MergeKey y)
        {
            int c = x.Timestamp.CompareTo(y.Timestamp);
            if (c != 0) return c;
            c = x.StreamIndex.CompareTo(y.StreamIndex);
            return c != 0 ? c : x.EventIndex.CompareTo(y.EventIndex);
        }
    }

    private void FilterLogEvents(JsonArgs a, Utf8JsonWriter w)
    {
        var g = ResolveGroup(a, allowIdentifier: true);
        var names = a.StringList("logStreamNames");
        string? prefix = a.String("logStreamNamePrefix");
        if (names is not null && prefix is not null)
            throw JsonArgs.Invalid("You cannot specify both logStreamNames and logStreamNamePrefix.");
        if (names is not null)
        {
            if (names.Count is < 1 or > 100)
                throw JsonArgs.Invalid($"1 validation error detected: Value at 'logStreamNames' failed to satisfy constraint: Member must have length between 1 and 100");
            foreach (var n in names) ValidateStreamName(n, "logStreamNames");
        }
        if (prefix is not null) ValidateStreamName(prefix, "logStreamNamePrefix");
        var (startTime, endTime) = TimeRange(a);
        // FilterLogEvents: "events with a timestamp later than endTime are not returned" (end inclusive),
        // unlike GetLogEvents where endTime itself is excluded.
        long? endExclusive = endTime is { } et && et < long.MaxValue ? et + 1 : null;
        string? patternText = a.String("filterPattern");
        if (patternText is { Length: > 1024 }) JsonArgs.Length(patternText, "filterPattern", 0, 1024);
        var pattern = EventPattern.Parse(patternText);
        int limit = Limit(a, 10_000, 10_000);

        (long Ts, int Idx, string Name)? resume = null;
        if (a.String("nextToken") is { } tok)
        {
            var parts = OpaqueToken.Decode("fle", tok)?.Split('|', 3);
            if (parts is not { Length: 3 } || !long.TryParse(parts[0], out long rts) || !int.TryParse(parts[1], out int ridx))
                throw JsonArgs.Invalid("The specified nextToken is invalid.");
            resume = (rts, ridx, parts[2]);
        }

        var streams = g.Streams();
        if (names is not null)
        {
            var set = new HashSet<string>(names, StringComparer.Ordinal);
            streams = streams.Where(s => set.Contains(s.Name)).ToList();
        }
        else if (prefix is not null)
        {
            streams = streams.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        }

        long? cutoff = g.RetentionCutoff(_store.NowMs);
        var his = new int[streams.Count];
        var queue = new PriorityQueue<int, MergeKey>(MergeKeyComparer.Instance);
        for (int i = 0; i < streams.Count; i++)
        {
            var s = streams[i];
            var (lo, hi) = s.Range(startTime, endExclusive);
            (lo, hi) = Retained(s, cutoff, lo, hi);
            if (resume is { } r)
            {
                int cmp = string.CompareOrdinal(s.Name, r.Name);
                int from = cmp < 0 ? s.UpperBound(r.Ts) : cmp == 0 ? r.Idx + 1 : s.LowerBound(r.Ts);
                lo = Math.Max(lo, from);
            }
            his[i] = hi;
            if (lo < hi) queue.Enqueue(i, new MergeKey(s[lo].Timestamp, i, lo));
        }

        w.WriteStartArray("events");
        int count = 0;
        long bytes = 0;
        (long Ts, int Idx, string Name)? last = null;
        while (count < limit && queue.TryPeek(out int si, out var key))
        {
            var s = streams[si];
            var e = s[key.EventIndex];
            bool match = pattern.MatchesAll || pattern.IsMatch(e.Message);
            if (match && count > 0 && bytes + e.BilledBytes > PageByteCap) break;
            queue.Dequeue();
            last = (e.Timestamp, key.EventIndex, s.Name);
            int next = key.EventIndex + 1;
            if (next < his[si]) queue.Enqueue(si, new MergeKey(s[next].Timestamp, si, next));
            if (!match) continue;
            count++;
            bytes += e.BilledBytes;
            w.WriteStartObject();
            w.WriteString("logStreamName", s.Name);
            w.WriteNumber("timestamp", e.Timestamp);
            w.WriteString("message", e.Message);
            w.WriteNumber("ingestionTime", e.IngestionTime);
            w.WriteString("eventId", e.Id.ToString("D56", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }
        w.WriteEndArray();

        bool more = queue.Count > 0;
        // AWS stopped reporting searched streams in 2020: the list is always empty.
        w.WriteStartArray("searchedLogStreams");
        w.WriteEndArray();
        if (more && last is { } l)
            w.WriteString("nextToken", OpaqueToken.Encode("fle", $"{l.Ts}|{l.Idx}|{l.Name}"));
        else if (more && resume is { } r0)
            w.WriteString("nextToken", OpaqueToken.Encode("fle", $"{r0.Ts}|{r0.Idx}|{r0.Name}"));
    }
}
