using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Streams log events as they arrive: to the end, or with -Follow until Ctrl+C; several groups are merged in
/// timestamp order; -CheckpointPath keeps the position between runs.
/// </summary>
[Cmdlet(VerbsCommon.Watch, "CwLog")]
[OutputType(typeof(LogEvent))]
[OutputType(typeof(string))]
public sealed class WatchCwLogCommand : LogReadCmdlet
{
    /// <summary>Keep polling for new events until Ctrl+C.</summary>
    [Parameter]
    public SwitchParameter Follow { get; set; }

    /// <summary>A file that keeps the position between runs (written atomically after each page, journalled per event).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CheckpointPath { get; set; }

    /// <summary>Resume one group from this token (cloudwatcher's start_token).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StartToken { get; set; }

    /// <summary>Without -Follow: stop after this many empty pages in a row (cloudwatcher's max_retry_attempts).</summary>
    [Parameter]
    [ValidateRange(1, 1000)]
    public int MaxRetryAttempts { get; set; } = 5;

    /// <summary>With -Follow: the first wait when nothing is new; it doubles up to 10 times this (at most a minute).</summary>
    [Parameter]
    [ValidateRange(0.1, 60)]
    public double PollIntervalSeconds { get; set; } = 1;

    // Groups and streams can arrive from the pipeline; they are merged, so they are read together once all are known.
    protected override void ProcessRecord() => CollectInput();

    /// <summary>How far back -Follow starts when neither -Since nor -StartTime is given.</summary>
    public static readonly TimeSpan DefaultFollowSince = TimeSpan.FromMinutes(10);

    /// <summary>How far back a group scan is read again to catch events ingested late (0 turns it off).</summary>
    [Parameter]
    public TimeSpan LateEventWindow { get; set; } = TimeSpan.FromMinutes(5);

    protected override void EndProcessing()
    {
        // Following without a start begins at the last ten minutes, as `aws logs tail --follow` does.
        var queries = BuildCollectedQueries(Follow ? DefaultFollowSince : null);
        LogGroupName = queries.Select(q => q.LogGroupName).ToArray();
        if (queries.Count == 0)
        {
            return;
        }
        if (StartToken is not null && (queries.Count > 1 || CheckpointPath is not null))
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidLogQuery", ErrorKind.InvalidInput,
                "-StartToken resumes one log group; it does not go with several groups or -CheckpointPath.", StartToken));
        }
        if (LateEventWindow < TimeSpan.Zero || LateEventWindow > TimeSpan.FromDays(1))
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidLateEventWindow", ErrorKind.InvalidInput,
                $"-LateEventWindow must be between 0 and one day; it was {LateEventWindow}.", LateEventWindow));
        }
        var poll = TimeSpan.FromSeconds(PollIntervalSeconds);
        using var checkpoint = CheckpointPath is null ? null : new LogCheckpoint(ResolveFileSystemPath(CheckpointPath, "CheckpointPath"));
        var options = new LogReaderOptions
        {
            Follow = Follow,
            MaxRetryAttempts = MaxRetryAttempts,
            PollInterval = poll,
            MaxPollInterval = TimeSpan.FromTicks(Math.Min(poll.Ticks * 10, TimeSpan.FromMinutes(1).Ticks)),
            Checkpoint = checkpoint,
            ReportProgress = !Follow,
            LateEventWindow = LateEventWindow,
        };
        var start = StartToken is null ? null : new LogPosition?[] { new LogPosition { Token = StartToken } };
        var reader = new LogReader(GetSession().LogRead, Sink);
        try
        {
            Emit(reader, queries, options, start);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, CheckpointPath ?? (object)string.Join(", ", LogGroupName));
        }
    }
}
