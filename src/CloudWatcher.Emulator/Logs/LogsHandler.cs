using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// CloudWatch Logs JSON 1.1 operations: creating and listing groups and streams here; PutLogEvents in
/// LogsPutEvents.cs, reads in LogsReadOps.cs, deletes, retention and tags in LogsAdminOps.cs.
/// </summary>
internal sealed partial class LogsHandler
{
    private const string GroupPatternText = @"[\.\-_/#A-Za-z0-9]+";
    private const string StreamPatternText = "[^:*]*";
    private const long DayMs = 24L * 3600 * 1000;
    private const string ClassEnum = "[STANDARD, INFREQUENT_ACCESS, DELIVERY]";

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]+$")] private static partial Regex GroupRegex();
    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]*$")] private static partial Regex GroupPatternRegex();
    [GeneratedRegex(@"^[^:*]*$")] private static partial Regex StreamRegex();

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal)
    {
        "CreateLogGroup", "CreateLogStream", "DescribeLogGroups", "DescribeLogStreams",
        "PutLogEvents", "GetLogEvents", "FilterLogEvents",
        "DeleteLogGroup", "DeleteLogStream", "PutRetentionPolicy", "DeleteRetentionPolicy",
        "TagResource", "TagLogGroup", "ListTagsForResource", "ListTagsLogGroup",
    };

    private readonly LogsStore _store;
    private readonly EmfExtractor? _emf;

    public LogsHandler(LogsStore store, EmfExtractor? emf = null)
    {
        _store = store;
        _emf = emf;
    }

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
            case "DeleteLogGroup": DeleteLogGroup(args); break;
            case "DeleteLogStream": DeleteLogStream(args); break;
            case "PutRetentionPolicy": PutRetentionPolicy(args); break;
            case "DeleteRetentionPolicy": DeleteRetentionPolicy(args); break;
            case "TagResource": TagResource(args); break;
            case "TagLogGroup": TagLogGroup(args); break;
            case "ListTagsForResource": ListTagsForResource(args, res.Writer); break;
            case "ListTagsLogGroup": ListTagsLogGroup(args, res.Writer); break;
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

    private static void ValidateClass(string? logGroupClass)
    {
        if (logGroupClass is not (null or "STANDARD" or "INFREQUENT_ACCESS" or "DELIVERY"))
            throw JsonArgs.Invalid($"1 validation error detected: Value '{logGroupClass}' at 'logGroupClass' failed to satisfy constraint: Member must satisfy enum value set: {ClassEnum}");
    }

    private void CreateLogGroup(JsonArgs a)
    {
        string name = a.Required("logGroupName");
        ValidateGroupName(name);
        string? kmsKeyId = a.String("kmsKeyId");
        if (kmsKeyId is not null) JsonArgs.Length(kmsKeyId, "kmsKeyId", 0, 256);
        string? logGroupClass = a.String("logGroupClass");
        ValidateClass(logGroupClass);
        var tags = a.StringMap("tags");
        if (tags is not null) ValidateTags(tags);
        var g = _store.TryCreateGroup(name)
            ?? throw new ServiceError("ResourceAlreadyExistsException", "The specified log group already exists");
        g.KmsKeyId = kmsKeyId;
        g.LogGroupClass = logGroupClass ?? "STANDARD";
        if (tags is not null) g.TryTag(tags, MaxTags);
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
        string? logGroupClass = a.String("logGroupClass");
        ValidateClass(logGroupClass);
        int limit = Limit(a, 50, 50);
        int offset = 0;
        if (a.String("nextToken") is { } tok)
            offset = OpaqueToken.DecodeOffset("dlg", tok) ?? throw JsonArgs.Invalid("The specified nextToken is invalid.");

        var groups = _store.Groups().Where(g =>
            (prefix is null || g.Name.StartsWith(prefix, StringComparison.Ordinal)) &&
            (string.IsNullOrEmpty(pattern) || g.Name.Contains(pattern, StringComparison.OrdinalIgnoreCase)) &&
            (logGroupClass is null || g.LogGroupClass == logGroupClass)).ToList();
        long now = _store.NowMs;

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
            w.WriteNumber("storedBytes", g.StoredBytesAt(now));
            if (g.KmsKeyId is { } kms) w.WriteString("kmsKeyId", kms);
            w.WriteString("logGroupClass", g.LogGroupClass);
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

        long? cutoff = g.RetentionCutoff(_store.NowMs);
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
            w.WriteNumber("storedBytes", s.StoredBytesSince(cutoff));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (end < list.Count) w.WriteString("nextToken", OpaqueToken.Encode("dls", end.ToString()));
    }
}
