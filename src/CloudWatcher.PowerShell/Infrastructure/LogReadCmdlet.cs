using System.Diagnostics;
using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Logs;
using CloudWatcher.Metrics;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// What Get-CwLog and Watch-CwLog share: the selectors (group, streams, prefix, pattern, time) and the way events
/// are written (LogEvent objects, cloudwatcher's text lines, or with JSON fields expanded).
/// </summary>
public abstract class LogReadCmdlet : AwsCmdlet
{
    private readonly Stopwatch _progressClock = Stopwatch.StartNew();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>One stream reads with GetLogEvents from its head; several are interleaved with FilterLogEvents.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 100)]
    public string[]? LogStreamName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>A CloudWatch Logs filter pattern: terms, "phrases", ?alternatives, -exclusions, { $.json = "patterns" }.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? FilterPattern { get; set; }

    /// <summary>"90s", "15m", "6h", "3d", "2w", or a date.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Since { get; set; }

    [Parameter]
    public DateTime? StartTime { get; set; }

    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>Write cloudwatcher's text lines "[dd-mm-YYYY HH:MM:SS UTC] message" instead of LogEvent objects.</summary>
    [Parameter]
    public SwitchParameter AsText { get; set; }

    /// <summary>Add the fields of JSON messages as properties of the emitted events.</summary>
    [Parameter]
    public SwitchParameter ExpandJson { get; set; }

    protected abstract int ProgressActivityId { get; }

    protected abstract string ProgressActivity { get; }

    /// <summary>The queries for the bound groups; a bad combination ends the command.</summary>
    protected IReadOnlyList<LogQuery> BuildQueries()
    {
        if (Since is not null && StartTime is not null)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException("Give the start one way: -Since or -StartTime."), "InvalidTimeRange", ErrorCategory.InvalidArgument, Since));
        }
        DateTime? start = null;
        try
        {
            start = Since is not null ? TimeRange.ParseSince(Since, DateTime.UtcNow) : StartTime is DateTime s ? TimeRange.ToUtc(s) : null;
        }
        catch (FormatException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidTimeRange", ErrorCategory.InvalidArgument, Since));
        }
        var end = EndTime is DateTime e ? TimeRange.ToUtc(e) : (DateTime?)null;
        var queries = LogGroupName.Select(group => new LogQuery(group)
        {
            LogStreamNames = LogStreamName,
            LogStreamNamePrefix = LogStreamNamePrefix,
            FilterPattern = string.IsNullOrWhiteSpace(FilterPattern) ? null : FilterPattern,
            StartTime = start,
            EndTime = end,
        }).ToList();
        foreach (var query in queries)
        {
            try
            {
                query.Validate();
            }
            catch (ArgumentException ex)
            {
                ThrowTerminatingError(new ErrorRecord(ex, ex.Message.Contains("start", StringComparison.Ordinal) ? "InvalidTimeRange" : "InvalidLogQuery", ErrorCategory.InvalidArgument, query.LogGroupName));
            }
        }
        return queries;
    }

    /// <summary>Reads and writes events; returns normally at the end, on Ctrl+C the pipeline stops.</summary>
    protected void Emit(LogReader reader, IReadOnlyList<LogQuery> queries, LogReaderOptions options, IReadOnlyList<LogPosition?>? start, bool showProgress)
    {
        foreach (var logEvent in Enumerate(reader.ReadAsync(queries, options, start, CancellationToken)))
        {
            DrainNotices(reader);
            if (Stopping)
            {
                throw new PipelineStoppedException(); // not handed on, so not recorded as delivered
            }
            // A stop that arrives while the event is being handed on leaves it unrecorded: whether downstream finished
            // with it cannot be known, and handing it on again next time is better than losing it.
            WriteObject(AsText ? LogLineFormatter.Format(logEvent) : ExpandJson ? JsonExpansion.Expand(logEvent) : logEvent);
            reader.CommitTaken();
            if (showProgress && _progressClock.ElapsedMilliseconds > 250)
            {
                _progressClock.Restart();
                WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity,
                    $"{reader.Status.Events:N0} events in {reader.Status.Pages:N0} pages, up to {reader.Status.LastTimestamp:u}"));
            }
        }
        DrainNotices(reader);
        if (showProgress && reader.Status.Pages > 1)
        {
            WriteProgress(new ProgressRecord(ProgressActivityId, ProgressActivity, "Done") { RecordType = ProgressRecordType.Completed });
        }
    }

    /// <summary>Maps read failures to error records (terminating or not, as the caller decides).</summary>
    protected static ErrorRecord ReadFailure(Exception ex, object? target) => ex switch
    {
        ArgumentException argument => new ErrorRecord(argument, "InvalidLogQuery", ErrorCategory.InvalidArgument, target),
        _ => ErrorRecords.From(ex, target),
    };

    protected static bool IsReadFailure(Exception ex) =>
        ex is CloudWatcherServiceException or CheckpointException or ArgumentException or IOException or UnauthorizedAccessException or InvalidOperationException;

    private void DrainNotices(LogReader reader)
    {
        while (reader.Notices.TryDequeue(out var notice))
        {
            WriteWarning(notice);
        }
    }
}
