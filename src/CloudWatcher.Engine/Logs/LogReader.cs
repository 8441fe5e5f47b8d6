using System.Runtime.CompilerServices;
using CloudWatcher.Diagnostics;
using CloudWatcher.Ports;

namespace CloudWatcher.Logs;

/// <summary>
/// Streams log events from one or more log groups: pages are fetched one at a time per group (memory stays flat),
/// several groups are merged in timestamp order, reading stops at the real end or, with Follow, polls with backoff
/// until cancelled. With a checkpoint, the position is journalled after every event the consumer has taken and
/// snapshotted after every page, so a later run continues exactly there. Every source (<see cref="LogSource"/>) is
/// merged, de-duplicated and checkpointed the same way. Warnings and progress go to the engine sink.
/// </summary>
public sealed class LogReader
{
    private readonly ILogReadApi _api;
    private readonly IEngineSink _sink;

    public LogReader(ILogReadApi api, IEngineSink? sink = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
    }

    public LogReadStatus Status { get; } = new();

    /// <summary>The position of each query after the last event taken (for tokens to resume from).</summary>
    public IReadOnlyList<LogPosition> Positions => _cursors.Select(c => c.Position).ToList();

    private List<LogCursor> _cursors = new();
    private LogCursor? _uncommitted;
    private LogReaderOptions _options = new();

    public async IAsyncEnumerable<LogEvent> ReadAsync(IReadOnlyList<LogQuery> queries, LogReaderOptions options,
        IReadOnlyList<LogPosition?>? startPositions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (queries.Count == 0)
        {
            yield break;
        }
        foreach (var q in queries)
        {
            q.Validate();
        }
        var positions = startPositions?.ToList() ?? new List<LogPosition?>();
        if (options.Checkpoint is { } checkpoint)
        {
            positions = checkpoint.Load(queries).Cast<LogPosition?>().ToList();
        }
        _cursors = queries.Select((q, i) => new LogCursor(LogSource.For(_api, q), i, i < positions.Count ? positions[i] : null,
            options.LateEventWindow, options.Checkpoint?.Path, readsOn: options.Follow)).ToList();
        _options = options;
        var emitted = 0L;
        var poll = new Backoff(options.PollInterval, options.MaxPollInterval);
        var activity = options.Follow ? ProgressActivity.WatchingLogEvents : ProgressActivity.ReadingLogEvents;
        var progressShown = false;
        try
        {

        while (true)
        {
            // Every cursor that still may have events gets a page buffered, so the merge below is in timestamp order.
            var pending = false;
            foreach (var cursor in _cursors)
            {
                if (cursor.HasBuffered || cursor.AtEnd)
                {
                    continue;
                }
                var remaining = options.Limit is long limit ? limit - emitted : (long?)null;
                await FetchWithFollowRetry(cursor, remaining is long r ? (int)Math.Min(r, int.MaxValue) : null, options, cancellationToken).ConfigureAwait(false);
                Status.Page();
                if (options.ReportProgress)
                {
                    var report = new ProgressReport(activity, $"{Status.Events:N0} events in {Status.Pages:N0} pages" +
                        (Status.LastTimestamp is DateTime last ? $", up to {last:u}" : ""), (int)Math.Min(Status.Pages, int.MaxValue), !cursor.AtEnd);
                    progressShown |= report.IsWorthShowing;
                    _sink.Progress(report);
                }
                if (!options.Follow && cursor.EmptyPages >= options.MaxRetryAttempts && !cursor.HasBuffered)
                {
                    _sink.Warning($"{cursor.Query.LogGroupName}: {cursor.EmptyPages} empty pages in a row; stopping as cloudwatcher's max_retry_attempts does. Read on from the position (a resume token or a checkpoint).");
                    cursor.ForceEnd();
                }
                SnapshotIfPageDone(cursor, options.Checkpoint);
                pending |= !cursor.HasBuffered && !cursor.AtEnd;
            }

            if (pending)
            {
                // An empty page that is not the end (a gap in the stream): read on before merging.
                continue;
            }

            var next = Earliest();
            if (next is null)
            {
                if (!options.Follow)
                {
                    yield break;
                }
                Status.Wait();
                await poll.WaitAsync(cancellationToken).ConfigureAwait(false);
                foreach (var cursor in _cursors)
                {
                    cursor.Reopen();
                }
                continue;
            }

            poll.Reset();
            var e = next.Take();
            Status.Event();
            Status.LastTimestamp = e.Timestamp;
            _uncommitted = next;
            yield return e;

            // The consumer has taken the event (unless it committed already): record that before anything else can fail.
            CommitTaken();
            emitted++;
            if (options.Limit is long max && emitted >= max)
            {
                yield break;
            }
        }
        }
        finally
        {
            if (progressShown)
            {
                _sink.Progress(new ProgressReport(activity, "Done", (int)Math.Min(Status.Pages, int.MaxValue), Completed: true));
            }
        }
    }

    /// <summary>
    /// Records in the checkpoint that the last event handed out was delivered. The reader does this itself when the
    /// consumer asks for the next event; a consumer calls it earlier when delivery and stopping coincide.
    /// </summary>
    public void CommitTaken()
    {
        if (_uncommitted is not { } cursor)
        {
            return;
        }
        _uncommitted = null;
        _options.Checkpoint?.Journal(cursor.SourceIndex, cursor.Skip);
        SnapshotIfPageDone(cursor, _options.Checkpoint);
    }

    /// <summary>The cursor whose next event is the oldest (ties: the first query), or null when none has one.</summary>
    private LogCursor? Earliest()
    {
        LogCursor? best = null;
        foreach (var cursor in _cursors)
        {
            if (cursor.HasBuffered && (best is null || cursor.Peek.Timestamp < best.Peek.Timestamp))
            {
                best = cursor;
            }
        }
        return best;
    }

    private void SnapshotIfPageDone(LogCursor cursor, LogCheckpoint? checkpoint)
    {
        if (!cursor.PageCompleted)
        {
            return;
        }
        cursor.AcknowledgePage();
        checkpoint?.Snapshot(_cursors.Select(c => c.Query).ToList(), _cursors.Select(c => c.Position).ToList());
    }

    /// <summary>While following, throttling and outages that outlast the SDK's retries are waited out, not fatal.</summary>
    private async Task FetchWithFollowRetry(LogCursor cursor, int? limit, LogReaderOptions options, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(options.PollInterval, options.MaxPollInterval);
        while (true)
        {
            try
            {
                await cursor.FetchAsync(limit, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (CloudWatcherServiceException ex) when (options.Follow && ex.Kind is ErrorKind.Throttled or ErrorKind.Unavailable or ErrorKind.Timeout)
            {
                _sink.Warning($"{cursor.Query.LogGroupName}: {ex.Message} Waiting {backoff.Next.TotalSeconds:0.#} s, then reading on.");
                await backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
