using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using CloudWatcher.Diagnostics;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Writes events to one log stream, nothing lost. The producer (a cmdlet's pipeline thread) hands in events one by
/// one; each is appended to the spool before <see cref="AddAsync"/> returns, then batched (<see cref="LogEventBatcher"/>).
/// Full batches go through a small bounded queue to one background sender, so sending overlaps reading the input and
/// memory stays flat for any input size (the producer waits when the queue is full). A batch that is not full is sent
/// once its first event has waited <see cref="LogWriterOptions.FlushInterval"/>. Before its own events, the sender sends
/// what earlier runs left in the spool for the same stream (<see cref="SpoolResender"/>). Events rejected by the
/// service, and events too large to send, are reported one by one (<see cref="TryTakeFailure"/>). When the service
/// cannot be reached or keeps failing, the writer stops taking events and ends with a LogEventsSpooled error that
/// says how many events are spooled and where. A stop (Ctrl+C, <see cref="StopAsync"/>) takes no more events, goes on
/// sending for a short bound, and leaves the rest in the spool.
/// </summary>
public sealed partial class LogWriter : IAsyncDisposable
{
    private readonly LogDestination _destination;
    private readonly LogWriterOptions _options;
    private readonly ILogWriteApi? _api;
    private readonly ILogGroupAdminApi? _admin;
    private readonly ILogReadApi? _read;
    private readonly IEngineSink _sink;
    private readonly LogWriteCounters _counters = new();
    private readonly ConcurrentQueue<CloudWatcherException> _failures = new();
    private readonly object _gate = new();
    private readonly LogEventBatcher _batcher = new();
    private readonly Channel<LogEventBatch> _queue;
    private readonly CancellationTokenSource _sending = new();
    private readonly List<SpoolSegment> _segments = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private LogSpool? _spool;
    private SpoolSegment? _current;
    private SpoolResender? _resender;
    private Task _sender = Task.CompletedTask;
    private Task<LogWriteSummary>? _ending;
    private long _nextSequence;
    private long _batchStartedAt;
    private volatile CloudWatcherException? _cause;
    private volatile bool _closed;
    private TimeSpan? _duration;
    private long? _spooledAtEnd;

    public LogWriter(LogDestination destination, LogWriterOptions options, ILogWriteApi? api, ILogGroupAdminApi? admin, ILogReadApi? read, IEngineSink? sink = null)
    {
        _destination = destination ?? throw new ArgumentNullException(nameof(destination));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        if (!options.DryRun && (api is null || string.IsNullOrEmpty(options.SpoolPath)))
        {
            throw new ArgumentException("A writer that sends needs the write port and a spool path.", nameof(options));
        }
        _api = api;
        _admin = admin;
        _read = read;
        _sink = sink ?? NullSink.Instance;
        _queue = Channel.CreateBounded<LogEventBatch>(new BoundedChannelOptions(Math.Max(1, options.QueuedBatches))
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public LogDestination Destination => _destination;

    /// <summary>This stream's spool folder (null for a dry run).</summary>
    public string? SpoolFolder => _spool?.FolderOf(_destination);

    /// <summary>Opens the spool and starts the sender (which first sends what earlier runs spooled for this stream).</summary>
    public void Start()
    {
        if (_options.DryRun)
        {
            return;
        }
        _spool = new LogSpool(_options.SpoolPath);
        _current = _spool.CreateSegment(_destination, _options.RetentionInDays);
        _segments.Add(_current);
        if (!_options.SpoolOnly)
        {
            _sender = Task.Run(() => SendLoopAsync(_sending.Token));
        }
    }

    /// <summary>
    /// Takes one event: spooled (on the operating system's side) when this returns; waits while the queue is full. An
    /// empty message is skipped (counted); one too large is reported, or cut with -Truncate. After the writer failed
    /// for good, throws the LogEventsSpooled error (the event is then not taken).
    /// </summary>
    public ValueTask AddAsync(DateTime timestamp, string? message, CancellationToken cancellationToken)
    {
        if (_cause is not null)
        {
            return new ValueTask(FailAsync());
        }
        if (_closed)
        {
            throw new InvalidOperationException("The writer has ended; it takes no more events.");
        }
        if (string.IsNullOrEmpty(message))
        {
            _counters.AddSkipped();
            return default;
        }
        message = WellFormed(message);
        var time = Epoch.ToMilliseconds(TimeRange.ToUtc(timestamp));
        var size = LogWriteLimits.SizeOf(message);
        if (size > LogWriteLimits.MaxBytesPerCall)
        {
            if (!_options.Truncate)
            {
                _counters.AddOversize();
                _failures.Enqueue(LogEventFailures.TooLarge(time, message, size));
                return default;
            }
            message = LogEventTruncation.Truncate(message, LogWriteLimits.MaxMessageBytes, out var removed);
            size = LogWriteLimits.SizeOf(message);
            _counters.AddTruncated();
            var described = LogEventFailures.Describe(time, message);
            _sink.Warning(string.Create(CultureInfo.InvariantCulture,
                $"{char.ToUpperInvariant(described[0])}{described[1..]} was over the 1 MB limit: it is sent cut by {removed:N0} bytes, ending with the marker '{LogEventTruncation.Marker(removed)}'."));
        }

        LogEventBatch? full = null;
        CloudWatcherException? spoolFailure = null;
        lock (_gate)
        {
            var e = new PendingLogEvent(_nextSequence, time, message, size);
            if (_batcher.WouldOverflow(e))
            {
                full = CutLocked(rotate: true);
            }
            try
            {
                _current?.Append(e);
                _nextSequence++;
                if (_batcher.Count == 0)
                {
                    _batchStartedAt = _clock.ElapsedMilliseconds;
                }
                _batcher.Add(e);
            }
            catch (CloudWatcherException ex)
            {
                spoolFailure = ex;
            }
        }
        if (spoolFailure is not null)
        {
            _cause ??= spoolFailure;
            return new ValueTask(FailAsync());
        }
        return full is null || _options.SpoolOnly ? default : EnqueueAsync(full, cancellationToken);
    }

    /// <summary>An error about one event (too large, rejected by the service), in the order they happened.</summary>
    public bool TryTakeFailure(out CloudWatcherException failure) => _failures.TryDequeue(out failure!);

    /// <summary>
    /// No more events: sends the rest and waits for the sender. Throws the LogEventsSpooled error when sending failed
    /// for good. Cancelling only stops the waiting (the sending goes on; use <see cref="StopAsync"/> to end it).
    /// </summary>
    public async Task<LogWriteSummary> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_cause is not null)
        {
            await FailAsync().ConfigureAwait(false);
        }
        _closed = true;
        LogEventBatch? last;
        lock (_gate)
        {
            last = CutLocked(rotate: false);
        }
        if (last is not null && !_options.SpoolOnly)
        {
            await EnqueueAsync(last, cancellationToken).ConfigureAwait(false);
        }
        _queue.Writer.TryComplete();
        await _sender.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_cause is not null)
        {
            await FailAsync().ConfigureAwait(false);
        }
        return End();
    }

    /// <summary>
    /// Ctrl+C: takes no more events, goes on sending what was taken for at most <paramref name="bound"/>, then leaves
    /// the rest in the spool (a call still out then stays there as in doubt; the resend checks it). Safe to call again.
    /// </summary>
    public Task<LogWriteSummary> StopAsync(TimeSpan bound)
    {
        lock (_gate)
        {
            return _ending ??= StopCoreAsync(bound);
        }
    }

    private async Task<LogWriteSummary> StopCoreAsync(TimeSpan bound)
    {
        _closed = true;
        LogEventBatch? last;
        lock (_gate)
        {
            last = CutLocked(rotate: false);
        }
        if (last is not null && !_options.DryRun && !_options.SpoolOnly)
        {
            _queue.Writer.TryWrite(last); // when the queue is full it stays in the spool
        }
        _queue.Writer.TryComplete();
        _sending.CancelAfter(bound);
        await Task.WhenAny(_sender, Task.Delay(bound + TimeSpan.FromSeconds(1))).ConfigureAwait(false);
        return End();
    }

    /// <summary>What the writer has done so far (the final numbers once it has ended).</summary>
    public LogWriteSummary Summary()
    {
        long spooled;
        lock (_gate)
        {
            spooled = _spooledAtEnd ?? _segments.Sum(s => s.Pending) + (_resender?.PendingInCurrentFile ?? 0);
        }
        return new LogWriteSummary
        {
            LogGroupName = _destination.LogGroupName,
            LogStreamName = _destination.LogStreamName,
            EventsSent = _counters.Sent,
            Calls = _counters.Calls,
            Bytes = _counters.Bytes,
            Rejected = _counters.Rejected,
            Oversize = _counters.Oversize,
            Truncated = _counters.Truncated,
            Skipped = _counters.Skipped,
            Spooled = spooled,
            Resent = _counters.Resent,
            AlreadyDelivered = _counters.AlreadyDelivered,
            PossibleDuplicates = _counters.PossibleDuplicates,
            Duration = _duration ?? _clock.Elapsed,
            WhatIf = _options.DryRun,
            SpoolPath = spooled > 0 ? SpoolFolder : null,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(_options.StopFlushTimeout).ConfigureAwait(false);
        _sending.Dispose();
    }

    /// <summary>Cuts the current batch (null when empty); with <paramref name="rotate"/>, a full spool file is sealed and a new one started.</summary>
    private LogEventBatch? CutLocked(bool rotate)
    {
        var batch = _batcher.Cut();
        if (batch is null)
        {
            return null;
        }
        batch.Segment = _current;
        if (rotate && _current is not null && _current.Length >= _options.SegmentBytes)
        {
            try
            {
                var next = _spool!.CreateSegment(_destination, _options.RetentionInDays);
                _current.Seal();
                _current = next;
                _segments.Add(next);
            }
            catch (CloudWatcherException ex)
            {
                _sink.Warning($"A new spool file could not be started ({ex.Message}); the current one goes on growing.");
            }
        }
        return batch;
    }

    private ValueTask EnqueueAsync(LogEventBatch batch, CancellationToken cancellationToken)
    {
        if (_options.DryRun)
        {
            _counters.AddCall(batch.Bytes, batch.Count, 0, resend: false);
            return default;
        }
        return _queue.Writer.TryWrite(batch) ? default : WaitToEnqueueAsync(batch, cancellationToken);
    }

    private async ValueTask WaitToEnqueueAsync(LogEventBatch batch, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            // The batch is in the spool either way: the sender gave up (say so), or the writer was stopped.
            if (_cause is not null)
            {
                await FailAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>A message as valid UTF-16 (a lone surrogate, which UTF-8 cannot carry, becomes U+FFFD).</summary>
    private static string WellFormed(string message) =>
        message.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? message : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(message));
}
