using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>CloudWatch Logs JSON 1.1 operations: group/stream management and PutLogEvents.</summary>
internal sealed partial class LogsHandler
{
    private const string GroupPatternText = @"[\.\-_/#A-Za-z0-9]+";
    private const string StreamPatternText = "[^:*]*";
    private const long MaxBatchBytes = 1_048_576;
    private const long DayMs = 24L * 3600 * 1000;

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")] private static partial Regex GroupRegex();
    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]*$")] private static partial Regex GroupPatternRegex();
    [GeneratedRegex(@"^[^:*]*$")] private static partial Regex StreamRegex();

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateLogGroup", "CreateLogStream", "DescribeLogGroups", "DescribeLogStreams",
        "PutLogEvents", "GetLogEvents", "FilterLogEvents",
    };

    private readonly LogsStore _store;

    public LogsHandler(LogsStore store) => _store = store;

    public static bool IsKnown(string op) => Operations.Contains(op);

    public ReadOnlyMemory<byte> Handle(string op, byte[] body)
    {
        var args = JsonArgs.Parse(body);
        using var res = new JsonResponse();
        switch (op)
        {
            case "CreateLogGroup": CreateLogGroup(args); break;
            case "CreateLogStream": CreateLogStream(args); break;
            case "DescribeLogGroups": DescribeLogGroups(args, res.Writer); break;
            case "DescribeLogStreams": DescribeLogStreams(args, res.Writer); break;
            case "PutLogEvents": PutLogEvents(args, res.Writer); break;
            case "GetLogEvents": GetLogEvents(args, res.Writer); break;
            case "FilterLogEvents": FilterLogEvents(args, res.Writer); break;
            default: throw new ServiceError("UnknownOperationException", $"Unknown operation {op}");
        }
        return res.Finish().ToArray();
    }

    // ---- helpers ------------------------------------------------------------------------------

    internal static void ValidateGroupName(string name, string field = "logGroupName")
    {
        JsonArgs.Length(name, field, 1, 512);
        JsonArgs.Pattern(name, field, GroupRegex(), GroupPatternText);
    }

    internal static void ValidateStreamName(string name, string field = "logStreamName")
    {
        JsonArgs.Length(name, field, 1, 512);
        JsonArgs.Pattern(name, field, StreamRegex(), StreamPatternText);
    }

    internal static ServiceError GroupNotFound() => new("ResourceNotFoundException", "The specified log group does not exist.");
    internal static ServiceError StreamNotFound() => new("ResourceNotFoundException", "The specified log stream does not exist.");

    /// <summary>Resolves logGroupName or logGroupIdentifier (name or ARN) to an existing group.</summary>
    internal LogGroup ResolveGroup(JsonArgs a, bool allowIdentifier)
    {
        string? name = a.String("logGroupName");
        string? ident = allowIdentifier ? a.String("logGroupIdentifier") : null;
        if (name is not null && ident is not null)
            throw JsonArgs.Invalid("LogGroup name and LogGroup ARN are mutually exclusive parameters.");
        if (name is null && ident is null)
            throw allowIdentifier
                ? JsonArgs.Invalid("Should provide either logGroupName or logGroupIdentifier.")
                : JsonArgs.Invalid("1 validation error detected: Value null at 'logGroupName' failed to satisfy constraint: Member must not be null");
        if (ident is not null)
        {
            JsonArgs.Length(ident, "logGroupIdentifier", 1, 2048);
            name = ident;
            if (ident.StartsWith("arn:", StringComparison.Ordinal))
            {
                int at = ident.IndexOf(":log-group:", StringComparison.Ordinal);
                if (at < 0) throw JsonArgs.Invalid("Invalid logGroupIdentifier.");
                name = ident[(at + ":log-group:".Length)..];
                if (name.EndsWith(":*", StringComparison.Ordinal)) name = name[..^2];
            }
        }
        ValidateGroupName(name!, ident is not null ? "logGroupIdentifier" : "logGroupName");
        return _store.FindGroup(name!) ?? throw GroupNotFound();
    }

    internal static int Limit(JsonArgs a, int max, int dflt)
    {
        long? limit = a.Long("limit");
        if (limit is null) return dflt;
        JsonArgs.Range(limit.Value, "limit", 1, max);
        return (int)limit.Value;
    }

    // ---- operations ---------------------------------------------------------------------------

    private void CreateLogGroup(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        if (_store.TryCreateGroup(name) is null)
            throw new ServiceError("ResourceAlreadyExistsException", "The specified log group already exists");
    }

    private void CreateLogStream(JsonArgs a)
    {
        string groupName = a.Required("logGroupName");
        string streamName = a.Required("logStreamName");
        ValidateGroupName(groupName);
        ValidateStreamName(streamName);
        var g = _store.FindGroup(groupName) ?? throw GroupNotFound();
        if (g.TryCreateStream(streamName, _store.NowMs) is null)
            throw new ServiceError("ResourceAlreadyExistsException", "The specified log stream already exists");
    }

    private void DescribeLogGroups(JsonArgs a, Utf8JsonWriter w)
    {
        string? prefix = a.String("logGroupNamePrefix");
        string? pattern = a.String("logGroupNamePattern");
        if (prefix is not null) ValidateGroupName(prefix, "logGroupNamePrefix");
        if (pattern is not null)
        {
            JsonArgs.Length(pattern, "logGroupNamePattern", 0, 512);
            JsonArgs.Pattern(pattern, "logGroupNamePattern", GroupPatternRegex(), @"[\.\-_/#A-Za-z0-9]*");
        }
        if (prefix is not null && pattern is not null)
            throw JsonArgs.Invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        int limit = Limit(a, 50, 50);
        int offset = 0;
        if (a.String("nextToken") is { } tok)
            offset = OpaqueToken.DecodeOffset("dlg", tok) ?? throw JsonArgs.Invalid("The specified nextToken is invalid.");

        var groups = _store.Groups().Where(g =>
            (prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal)) &&
            (string.IsNullOrEmpty(pattern) || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase))).ToList();

        w.WriteStartArray("logGroups");
        int end = Math.Min(groups.Count, offset + limit);
        for (int i = offset; i < end; i++)
        {
            var g = groups[i];
            w.WriteStartObject();
            w.WriteString("logGroupName", g.Name);
            w.WriteNumber("creationTime", g.CreationTime);
            if (g.RetentionInDays is { } r) w.WriteNumber("retentionInDays", r);
            w.WriteNumber("metricFilterCount", 0);
            w.WriteString("arn", g.Arn);
            w.WriteString("logGroupArn", g.ArnBase);
            w.WriteNumber("storedBytes", g.StoredBytes);
            w.WriteString("logGroupClass", "STANDARD");
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (end < groups.Count) w.WriteString("nextToken", OpaqueToken.Encode("dlg", end.ToString()));
    }

    private void DescribeLogStreams(JsonArgs a, Utf8JsonWriter w)
    {
        var g = ResolveGroup(a, allowIdentifier: true);
        string? prefix = a.String("logStreamNamePrefix");
        if (prefix is not null) ValidateStreamName(prefix, "logStreamNamePrefix");
        string orderBy = a.String("orderBy") ?? "LogStreamName";
        if (orderBy is not ("LogStreamName" or "LastEventTime"))
            throw JsonArgs.Invalid($"1 validation error detected: Value '{orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]");
        if (prefix is not null && orderBy == "LastEventTime")
            throw JsonArgs.Invalid("Cannot order by LastEventTime with a logStreamNamePrefix.");
        bool descending = a.Bool("descending") ?? false;
        int limit = Limit(a, 50, 50);
        int offset = 0;
        if (a.String("nextToken") is { } tok)
            offset = OpaqueToken.DecodeOffset("dls", tok) ?? throw JsonArgs.Invalid("The specified nextToken is invalid.");

        IEnumerable<LogStream> q = g.Streams();
        if (prefix is not null) q = q.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal));
        if (orderBy == "LastEventTime")
            q = q.OrderBy(s => s.LastEventTimestamp ?? long.MinValue).ThenBy(s => s.Name, StringComparer.Ordinal);
        var list = q.ToList();
        if (descending) list.Reverse();

        w.WriteStartArray("logStreams");
        int end = Math.Min(list.Count, offset + limit);
        for (int i = offset; i < end; i++)
        {
            var s = list[i];
            w.WriteStartObject();
            w.WriteString("logStreamName", s.Name);
            w.WriteNumber("creationTime", s.CreationTime);
            if (s.FirstEventTimestamp is { } f) w.WriteNumber("firstEventTimestamp", f);
            if (s.LastEventTimestamp is { } l) w.WriteNumber("lastEventTimestamp", l);
            if (s.LastIngestionTime is { } li) w.WriteNumber("lastIngestionTime", li);
            w.WriteString("uploadSequenceToken", s.SequenceToken);
            w.WriteString("arn", s.Arn);
            w.WriteNumber("storedBytes", s.StoredBytes);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (end < list.Count) w.WriteString("nextToken", OpaqueToken.Encode("dls", end.ToString()));
    }

    private void PutLogEvents(JsonArgs a, Utf8JsonWriter w)
    {
        string groupName = a.Required("logGroupName");
        string streamName = a.Required("logStreamName");
        ValidateGroupName(groupName);
        ValidateStreamName(streamName);
        var arr = a.Array("logEvents")
            ?? throw JsonArgs.Invalid("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");

        var events = new List<(long Timestamp, string Message)>();
        long bytes = 0;
        foreach (var e in arr.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object
                || !e.TryGetProperty("timestamp", out var tsEl) || !tsEl.TryGetInt64(out long ts)
                || !e.TryGetProperty("message", out var msgEl) || msgEl.ValueKind != JsonValueKind.String)
                throw JsonArgs.Invalid($"1 validation error detected: Value at 'logEvents.{events.Count + 1}' failed to satisfy constraint: timestamp and message are required");
            string msg = msgEl.GetString()!;
            if (msg.Length == 0)
                throw JsonArgs.Invalid($"1 validation error detected: Value '' at 'logEvents.{events.Count + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
            bytes += Encoding.UTF8.GetByteCount(msg) + 26;
            events.Add((ts, msg));
        }
        if (events.Count < 1 || events.Count > 10_000)
            throw JsonArgs.Invalid($"1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length {(events.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10000")}");
        if (bytes > MaxBatchBytes)
            throw JsonArgs.Invalid($"Upload too large: {bytes} bytes exceeds limit of {MaxBatchBytes}");
        for (int i = 1; i < events.Count; i++)
            if (events[i].Timestamp < events[i - 1].Timestamp)
                throw JsonArgs.Invalid("Log events in a single PutLogEvents request must be in chronological order.");
        if (events[^1].Timestamp - events[0].Timestamp > DayMs)
            throw JsonArgs.Invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");

        var g = _store.FindGroup(groupName) ?? throw GroupNotFound();
        var s = g.FindStream(streamName) ?? throw StreamNotFound();

        long now = _store.NowMs;
        long oldest = now - 14 * DayMs, newest = now + 2 * 3600_000L;
        int tooOldEnd = -1, tooNewStart = -1;
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Timestamp < oldest) tooOldEnd = i;
            if (events[i].Timestamp > newest && tooNewStart < 0) tooNewStart = i;
        }
        int from = tooOldEnd + 1, to = tooNewStart < 0 ? events.Count : tooNewStart;
        var accepted = from < to ? events.GetRange(from, to - from) : new List<(long, string)>();
        string token = s.Append(accepted, now, _store.NextEventId);

        w.WriteString("nextSequenceToken", token);
        if (tooOldEnd >= 0 || tooNewStart >= 0)
        {
            w.WriteStartObject("rejectedLogEventsInfo");
            if (tooNewStart >= 0) w.WriteNumber("tooNewLogEventStartIndex", tooNewStart);
            if (tooOldEnd >= 0) w.WriteNumber("tooOldLogEventEndIndex", tooOldEnd);
            w.WriteEndObject();
        }
    }
}
