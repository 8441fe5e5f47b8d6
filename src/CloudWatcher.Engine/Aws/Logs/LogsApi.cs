using System.Text.Json;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;
using CloudWatcher.Time;
using Wire = CloudWatcher.Aws.Logs.Model;

namespace CloudWatcher.Aws.Logs;

/// <summary>
/// The CloudWatch Logs ports on the wire (awsJson1.1 on AWSSDK.Core): the engine's requests mapped to the generated
/// shapes (models/aws, tools/WireGen), the answers mapped back. GetLogEvents and FilterLogEvents answers are read by
/// the hand-tuned streaming <see cref="LogEventsParser"/> (bench/ wire-parse shows why); everything else by the
/// generated readers.
/// </summary>
internal sealed class LogsApi : ILogReadApi, ILogCatalogApi, ILogWriteApi, ILogGroupAdminApi, IDisposable
{
    private const string Service = "CloudWatch Logs";
    private static readonly JsonRpcMarshaller Marshaller = new("Amazon.CloudWatchLogs", Wire.LogsOperations.TargetPrefix, Wire.LogsOperations.JsonVersion);
    private readonly WireClient _client;

    public LogsApi(WireClient client) => _client = client;

    public void Dispose() => _client.Dispose();

    public Task<GetLogEventsResult> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.GetLogEventsRequest
        {
            LogGroupName = request.LogGroupName,
            LogStreamName = request.LogStreamName,
            StartTime = Milliseconds(request.StartTime),
            EndTime = Milliseconds(request.EndTime),
            StartFromHead = request.StartFromHead,
            NextToken = request.NextToken,
            Limit = request.Limit,
        };
        return Send<GetLogEventsResult>(Wire.LogsOperations.GetLogEvents, w => Wire.LogsJson.Write(w, input),
            new JsonRpcStreamUnmarshaller<GetLogEventsResult>(body =>
            {
                var (events, tokens) = LogEventsParser.Parse(body, request.LogGroupName, request.LogStreamName, "nextForwardToken", "nextBackwardToken");
                return new GetLogEventsResult(events, tokens.GetValueOrDefault("nextForwardToken"), tokens.GetValueOrDefault("nextBackwardToken"));
            }), cancellationToken);
    }

    public Task<FilterLogEventsResult> FilterLogEventsAsync(FilterLogEventsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.FilterLogEventsRequest
        {
            LogGroupName = request.LogGroupName,
            LogStreamNames = request.LogStreamNames is { Count: > 0 } names ? names.ToList() : null,
            LogStreamNamePrefix = request.LogStreamNamePrefix,
            StartTime = Milliseconds(request.StartTime),
            EndTime = Milliseconds(request.EndTime),
            FilterPattern = string.IsNullOrEmpty(request.FilterPattern) ? null : request.FilterPattern,
            NextToken = request.NextToken,
            Limit = request.Limit,
        };
        return Send<FilterLogEventsResult>(Wire.LogsOperations.FilterLogEvents, w => Wire.LogsJson.Write(w, input),
            new JsonRpcStreamUnmarshaller<FilterLogEventsResult>(body =>
            {
                var (events, tokens) = LogEventsParser.Parse(body, request.LogGroupName, null, "nextToken");
                return new FilterLogEventsResult(events, tokens.GetValueOrDefault("nextToken"));
            }), cancellationToken);
    }

    public Task<DescribeLogGroupsResult> DescribeLogGroupsAsync(DescribeLogGroupsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.DescribeLogGroupsRequest
        {
            LogGroupNamePrefix = request.LogGroupNamePrefix,
            LogGroupNamePattern = request.LogGroupNamePattern,
            NextToken = request.NextToken,
            Limit = request.Limit,
        };
        return Send(Wire.LogsOperations.DescribeLogGroups, w => Wire.LogsJson.Write(w, input), Wire.LogsJson.ReadDescribeLogGroupsResponse,
            output => new DescribeLogGroupsResult(
                (output.LogGroups ?? new List<Wire.LogGroup>()).Select(g => new LogGroup(
                    g.LogGroupName ?? "",
                    Time(g.CreationTime),
                    g.RetentionInDays,
                    g.StoredBytes ?? 0,
                    g.LogGroupArn ?? g.Arn)
                {
                    LogGroupClass = ClassFromWire(g.LogGroupClass),
                    KmsKeyId = g.KmsKeyId,
                }).ToList(),
                output.NextToken),
            cancellationToken);
    }

    public Task<DescribeLogStreamsResult> DescribeLogStreamsAsync(DescribeLogStreamsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.DescribeLogStreamsRequest
        {
            LogGroupName = request.LogGroupName,
            LogStreamNamePrefix = request.LogStreamNamePrefix,
            OrderBy = request.OrderByLastEventTime ? "LastEventTime" : null,
            Descending = request.Descending ? true : null,
            NextToken = request.NextToken,
            Limit = request.Limit,
        };
        return Send(Wire.LogsOperations.DescribeLogStreams, w => Wire.LogsJson.Write(w, input), Wire.LogsJson.ReadDescribeLogStreamsResponse,
            output => new DescribeLogStreamsResult(
                (output.LogStreams ?? new List<Wire.LogStream>()).Select(s => new LogStream(
                    request.LogGroupName,
                    s.LogStreamName ?? "",
                    Time(s.CreationTime),
                    Time(s.FirstEventTimestamp),
                    Time(s.LastEventTimestamp),
                    Time(s.LastIngestionTime),
                    s.Arn)).ToList(),
                output.NextToken),
            cancellationToken);
    }

    public Task CreateLogGroupAsync(CreateLogGroupRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.CreateLogGroupRequest
        {
            LogGroupName = request.LogGroupName,
            KmsKeyId = request.KmsKeyId,
            Tags = request.Tags is { Count: > 0 } tags ? new Dictionary<string, string>(tags, StringComparer.Ordinal) : null,
            LogGroupClass = ClassToWire(request.LogGroupClass),
        };
        return SendNoOutput(Wire.LogsOperations.CreateLogGroup, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        var input = new Wire.CreateLogStreamRequest { LogGroupName = logGroupName, LogStreamName = logStreamName };
        return SendNoOutput(Wire.LogsOperations.CreateLogStream, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.PutLogEventsRequest
        {
            LogGroupName = request.LogGroupName,
            LogStreamName = request.LogStreamName,
            LogEvents = request.Events.Select(e => new Wire.InputLogEvent { Timestamp = Epoch.ToMilliseconds(e.Timestamp), Message = e.Message }).ToList(),
        };
        return Send(Wire.LogsOperations.PutLogEvents, w => Wire.LogsJson.Write(w, input), Wire.LogsJson.ReadPutLogEventsResponse,
            output => output.RejectedLogEventsInfo is { } info
                ? new PutLogEventsResult(info.TooNewLogEventStartIndex, info.TooOldLogEventEndIndex, info.ExpiredLogEventEndIndex)
                : new PutLogEventsResult(null, null, null),
            cancellationToken, FormatHeader(request.LogFormat));
    }

    public Task DeleteLogGroupAsync(string logGroupName, CancellationToken cancellationToken)
    {
        var input = new Wire.DeleteLogGroupRequest { LogGroupName = logGroupName };
        return SendNoOutput(Wire.LogsOperations.DeleteLogGroup, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task DeleteLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken)
    {
        var input = new Wire.DeleteLogStreamRequest { LogGroupName = logGroupName, LogStreamName = logStreamName };
        return SendNoOutput(Wire.LogsOperations.DeleteLogStream, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task PutRetentionPolicyAsync(string logGroupName, int retentionInDays, CancellationToken cancellationToken)
    {
        var input = new Wire.PutRetentionPolicyRequest { LogGroupName = logGroupName, RetentionInDays = retentionInDays };
        return SendNoOutput(Wire.LogsOperations.PutRetentionPolicy, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task DeleteRetentionPolicyAsync(string logGroupName, CancellationToken cancellationToken)
    {
        var input = new Wire.DeleteRetentionPolicyRequest { LogGroupName = logGroupName };
        return SendNoOutput(Wire.LogsOperations.DeleteRetentionPolicy, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task TagResourceAsync(string resourceArn, IReadOnlyDictionary<string, string> tags, CancellationToken cancellationToken)
    {
        var input = new Wire.TagResourceRequest { ResourceArn = resourceArn, Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal) };
        return SendNoOutput(Wire.LogsOperations.TagResource, w => Wire.LogsJson.Write(w, input), cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, string>> ListTagsForResourceAsync(string resourceArn, CancellationToken cancellationToken)
    {
        var input = new Wire.ListTagsForResourceRequest { ResourceArn = resourceArn };
        return Send(Wire.LogsOperations.ListTagsForResource, w => Wire.LogsJson.Write(w, input), Wire.LogsJson.ReadListTagsForResourceResponse,
            output => (IReadOnlyDictionary<string, string>)(output.Tags ?? new Dictionary<string, string>(StringComparer.Ordinal)),
            cancellationToken);
    }

    private static string? ClassToWire(LogGroupClass? logGroupClass) => logGroupClass switch
    {
        null => null,
        LogGroupClass.Standard => "STANDARD",
        LogGroupClass.InfrequentAccess => "INFREQUENT_ACCESS",
        LogGroupClass.Delivery => "DELIVERY",
        _ => throw new ArgumentOutOfRangeException(nameof(logGroupClass), logGroupClass, "Not a log group class."),
    };

    /// <summary>A class this client does not know yet (a newer service) reads as null rather than failing the listing.</summary>
    private static LogGroupClass? ClassFromWire(string? logGroupClass) => logGroupClass switch
    {
        "STANDARD" => LogGroupClass.Standard,
        "INFREQUENT_ACCESS" => LogGroupClass.InfrequentAccess,
        "DELIVERY" => LogGroupClass.Delivery,
        _ => null,
    };

    /// <summary>An operation whose answer is read by a generated reader (inside the unmarshaller, while its pooled buffer is valid), then mapped.</summary>
    private Task<TResult> Send<TOutput, TResult>(string operation, Action<Utf8JsonWriter> write, JsonRead<TOutput> read,
        Func<TOutput, TResult> map, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
        Send<TResult>(operation, write, new JsonRpcUnmarshaller<TResult>(bytes =>
        {
            var reader = new Utf8JsonReader(bytes.Span);
            return map(read(ref reader));
        }), cancellationToken, headers);

    /// <summary>An operation without output members: the answer is an empty body or a JSON object (whose members are ignored).</summary>
    private Task<bool> SendNoOutput(string operation, Action<Utf8JsonWriter> write, CancellationToken cancellationToken) =>
        Send<bool>(operation, write, new JsonRpcUnmarshaller<bool>(_ => true, noOutput: true), cancellationToken);

    private Task<T> Send<T>(string operation, Action<Utf8JsonWriter> write, Amazon.Runtime.Internal.Transform.ResponseUnmarshaller unmarshaller,
        CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null) =>
        ErrorTranslator.Call(Service, operation, () =>
            _client.SendAsync<T>(new JsonRpcRequest(operation, write) { Headers = headers }, Marshaller, unmarshaller, cancellationToken), cancellationToken);

    /// <summary>
    /// x-amzn-logs-format for events of a declared format: json/emf tells CloudWatch Logs to extract the Embedded Metric
    /// Format metrics of the events (as the CloudWatch agent and Lambda do; current CloudWatch extracts them without it too).
    /// </summary>
    private static Dictionary<string, string>? FormatHeader(string? logFormat) =>
        string.IsNullOrEmpty(logFormat) ? null : new Dictionary<string, string>(StringComparer.Ordinal) { [LogFormats.Header] = logFormat };

    private static long? Milliseconds(DateTime? time) => time is DateTime t ? Epoch.ToMilliseconds(t) : null;

    private static DateTime? Time(long? milliseconds) => milliseconds is long ms ? Epoch.FromMilliseconds(ms) : null;
}
