namespace CloudWatcher.Ports;

/// <summary>Creating log groups and streams and putting events (CreateLogGroup, CreateLogStream, PutLogEvents).</summary>
public interface ILogWriteApi
{
    Task CreateLogGroupAsync(string logGroupName, CancellationToken cancellationToken);

    Task CreateLogStreamAsync(string logGroupName, string logStreamName, CancellationToken cancellationToken);

    Task<PutLogEventsResult> PutLogEventsAsync(PutLogEventsRequest request, CancellationToken cancellationToken);
}

public sealed record InputLogEvent(DateTime Timestamp, string Message);

public sealed record PutLogEventsRequest(string LogGroupName, string LogStreamName, IReadOnlyList<InputLogEvent> Events);

/// <summary>Indexes (into the request's events) that the service rejected; null when none.</summary>
public sealed record PutLogEventsResult(int? TooNewLogEventStartIndex, int? TooOldLogEventEndIndex, int? ExpiredLogEventEndIndex);
