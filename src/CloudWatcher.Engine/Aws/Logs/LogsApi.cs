using System.Text.Json;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Aws.Logs;

/// <summary>CloudWatch Logs over JSON 1.1 on AWSSDK.Core.</summary>
internal sealed class LogsApi : ILogReadApi, ILogCatalogApi, ILogWriteApi, IDisposable
{
    private const string Service = "CloudWatch Logs";
    private static readonly JsonRpcMarshaller Marshaller = new("Amazon.CloudWatchLogs", "Logs_20140328.");
    private static readonly JsonRpcUnmarshaller<bool> NoResult = new(_ => true);
    private readonly WireClient _client;

    public LogsApi(WireClient client) => _client = client;

    public void Dispose() => _client.Dispose();

    public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken) =>
        Send<GetLogEventsResult>("GetLogEvents", w =>
        {
            w.WriteString("logGroupName", request.LogGroupName);
            w.WriteString("logStreamName", request.LogStreamName);
            WriteTime(w, "startTime", request.StartTime);
            WriteTime(w, "endTime", request.EndTime);
            w.WriteBoolean("startFromHead", request.StartFromHead);
            if (request.NextToken is not null) w.WriteString("nextToken", request.NextToken);
            if (request.Limit is int limit) w.WriteNumber("limit", limit);
        }, new JsonRpcStreamUnmarshaller<GetLogEventsResult>(body =>
        {
            var (events, tokens) = LogEventsParser.Parse(body, request.LogGroupName, request.LogStreamName, "nextForwardToken", "nextBackwardToken");
            return new GetLogEventsResult(events, tokens.GetValueOrDefault("nextForwardToken"), tokens.GetValueOrDefault("nextBackwardToken"));
        }), cancellationToken);

    public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken) =>
        Send<FilterLogEventsResult>("FilterLogEvents", w =>
        {
            w.WriteString("logGroupName", request.LogGroupName);
            if (request.LogStreamNames is { Count: > 0 } names)
            {
                w.WriteStartArray("logStreamNames");
                foreach (var name in names) w.WriteStringValue(name);
                w.WriteEndArray();
            }
            if (request.LogStreamNamePrefix is not null) w.WriteString("logStreamNamePrefix", request.LogStreamNamePrefix);
            WriteTime(w, "startTime", request.StartTime);
            WriteTime(w, "endTime", request.EndTime);
            if (!string.IsNullOrEmpty(request.FilterPattern)) w.WriteString("filterPattern", request.FilterPattern);
            if (request.NextToken is not null) w.WriteString("nextToken", request.NextToken);
            if (request.Limit is int limit) w.WriteNumber("limit", limit);
        }, new JsonRpcStreamUnmarshaller<FilterLogEventsResult>(body =>
        {
            var (events, tokens) = LogEventsParser.Parse(body, request.LogGroupName, null, "nextToken");
            return new FilterLogEventsResult(events, tokens.GetValueOrDefault("nextToken"));
        }), cancellationToken);

    public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken) =>
        Send("DescribeLogGroups", w =>
        {
            if (request.LogGroupNamePrefix is not null) w.WriteString("logGroupNamePrefix", request.LogGroupNamePrefix);
            if (request.LogGroupNamePattern is not null) w.WriteString("logGroupNamePattern", request.LogGroupNamePattern);
            if (request.NextToken is not null) w.WriteString("nextToken", request.NextToken);
            if (request.Limit is int limit) w.WriteNumber("limit", limit);
        }, root =>
        {
            var groups = new List<LogGroup>();
            if (root.TryGetProperty("logGroups", out var array))
            {
                foreach (var g in array.EnumerateArray())
                {
                    groups.Add(new LogGroup(
                        Str(g, "logGroupName") ?? "",
                        Time(g, "creationTime"),
                        g.TryGetProperty("retentionInDays", out var r) ? r.GetInt32() : null,
                        g.TryGetProperty("storedBytes", out var b) ? b.GetInt64() : 0,
                        Str(g, "logGroupArn") ?? Str(g, "arn")));
                }
            }
            return new DescribeLogGroupsResult(groups, Str(root, "nextToken"));
        }, cancellationToken);

    public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken) =>
        Send("DescribeLogStreams", w =>
        {
            w.WriteString("logGroupName", request.LogGroupName);
            if (request.LogStreamNamePrefix is not null) w.WriteString("logStreamNamePrefix", request.LogStreamNamePrefix);
            if (request.OrderByLastEventTime) w.WriteString("orderBy", "LastEventTime");
            if (request.Descending) w.WriteBoolean("descending", true);
            if (request.NextToken is not null) w.WriteString("nextToken", request.NextToken);
            if (request.Limit is int limit) w.WriteNumber("limit", limit);
        }, root =>
        {
            var streams = new List<LogStream>();
            if (root.TryGetProperty("logStreams", out var array))
            {
                foreach (var s in array.EnumerateArray())
                {
                    streams.Add(new LogStream(
                        request.LogGroupName,
                        Str(s, "logStreamName") ?? "",
                        Time(s, "creationTime"),
                        Time(s, "firstEventTimestamp"),
                        Time(s, "lastEventTimestamp"),
                        Time(s, "lastIngestionTime"),
                        Str(s, "arn")));
                }
            }
            return new DescribeLogStreamsResult(streams, Str(root, "nextToken"));
        }, cancellationToken);

    public Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken) =>
        ErrorTranslator.Call(Service, "CreateLogGroup", () => _client.SendAsync<bool>(
            new JsonRpcRequest("CreateLogGroup", w => w.WriteString("logGroupName", logGroupName)), Marshaller, NoResult, cancellationToken), cancellationToken);

    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken) =>
        ErrorTranslator.Call(Service, "CreateLogStream", () => _client.SendAsync<bool>(
            new JsonRpcRequest("CreateLogStream", w =>
            {
                w.WriteString("logGroupName", logGroupName);
                w.WriteString("logStreamName", logStreamName);
            }), Marshaller, NoResult, cancellationToken), cancellationToken);

    public Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken) =>
        Send("PutLogEvents", w =>
        {
            w.WriteString("logGroupName", request.LogGroupName);
            w.WriteString("logStreamName", request.LogStreamName);
            w.WriteStartArray("logEvents");
            foreach (var e in request.Events)
            {
                w.WriteStartObject();
                w.WriteNumber("timestamp", Epoch.ToMilliseconds(e.Timestamp));
                w.WriteString("message", e.Message);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }, root =>
        {
            if (!root.TryGetProperty("rejectedLogEventsInfo", out var info))
            {
                return new PutLogEventsResult(null, null, null);
            }
            return new PutLogEventsResult(Int(info, "tooNewLogEventStartIndex"), Int(info, "tooOldLogEventEndIndex"), Int(info, "expiredLogEventEndIndex"));
        }, cancellationToken);

    /// <summary>Small responses: parsed as a document inside the unmarshaller, while its pooled buffer is valid.</summary>
    private Task<T> Send<T>(string operation, Action<Utf8JsonWriter> body, Func<JsonElement, T> read, CancellationToken cancellationToken) =>
        Send<T>(operation, body, new JsonRpcUnmarshaller<T>(bytes =>
        {
            using var document = JsonDocument.Parse(bytes);
            return read(document.RootElement);
        }), cancellationToken);

    private Task<T> Send<T>(string operation, Action<Utf8JsonWriter> body, Amazon.Runtime.Internal.Transform.ResponseUnmarshaller unmarshaller, CancellationToken cancellationToken) =>
        ErrorTranslator.Call(Service, operation, () =>
            _client.SendAsync<T>(new JsonRpcRequest(operation, body), Marshaller, unmarshaller, cancellationToken), cancellationToken);

    private static void WriteTime(Utf8JsonWriter w, string name, DateTime? time)
    {
        if (time is DateTime t) w.WriteNumber(name, Epoch.ToMilliseconds(t));
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;

    private static DateTime? Time(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? Epoch.FromMilliseconds(v.GetInt64()) : null;
}
