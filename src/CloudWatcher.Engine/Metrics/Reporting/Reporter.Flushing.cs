using System.Diagnostics;
using System.Globalization;
using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>What a reporter's stop left: the values it could not send (counted as dropped) and why, and anything else worth telling.</summary>
public sealed record ReporterStopSummary(long ValuesLost, string? Error, string? Note);

/// <summary>
/// The reporter's flushing side: the background loop (a task on the thread pool, waiting for the next due time, a
/// request for an early flush, or the stop), one flush at a time, and the bounded stop.
/// </summary>
public sealed partial class Reporter
{
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopRequested = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly object _stopGate = new();
    private Task _loop = Task.CompletedTask;
    private Task<ReporterStopSummary>? _stop;
    private int _disposed;

    /// <summary>Starts the background flush loop; the first flush is one interval from now.</summary>
    public void Start()
    {
        lock (_gate)
        {
            _nextFlush = Started + _options.Interval;
        }
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Flushes now (after any flush in progress): what is recorded and what earlier flushes could not send.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await FlushCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Stops within <paramref name="bound"/>: no more values, the loop ends, one last flush, the output closed. Safe to call again.</summary>
    public Task<ReporterStopSummary> StopAsync(TimeSpan bound)
    {
        var timeout = new CancellationTokenSource(bound);
        var stop = StopAsync(timeout.Token);
        _ = stop.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        return stop;
    }

    /// <summary>Stops; <paramref name="abort"/> (a time bound, Ctrl+C) cuts the last flush short, and what is left unsent is counted as dropped.</summary>
    public Task<ReporterStopSummary> StopAsync(CancellationToken abort)
    {
        lock (_stopGate)
        {
            return _stop ??= StopCoreAsync(abort);
        }
    }

    private async Task<ReporterStopSummary> StopCoreAsync(CancellationToken abort)
    {
        _state = MetricReporterState.Stopping;
        lock (_gate)
        {
            _nextFlush = null;
        }
        using var link = abort.Register(() => _abort.Cancel());
        await _stopRequested.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException)
        {
        }
        string? note = null;
        try
        {
            await FlushAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The bound ran out before the last flush could start: what is held is counted below.
        }
        try
        {
            note = await _output.CloseAsync(_abort.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or CloudWatcherException or IOException)
        {
            note = $"The output could not be closed: {ex.Message}";
        }
        long lost;
        lock (_gate)
        {
            lost = _aggregator.PendingValues + _retainedValues;
            _aggregator.Drain();
            _retained.Clear();
            _retainedEntries = 0;
            _retainedValues = 0;
            _state = MetricReporterState.Stopped;
        }
        Interlocked.Add(ref _dropped, lost);
        var error = lost > 0 ? LastError ?? "the reporter stopped before it could send them" : null;
        if (lost > 0)
        {
            Notice(string.Create(CultureInfo.InvariantCulture, $"Metric reporter '{Name}' stopped with {lost:N0} value(s) it could not send ({error}); they are counted as dropped."));
        }
        return new ReporterStopSummary(lost, error, note);
    }

    private async Task LoopAsync()
    {
        var stop = _stopRequested.Token;
        while (!stop.IsCancellationRequested)
        {
            var wait = (NextFlush ?? _options.Clock()) - _options.Clock();
            var early = false;
            try
            {
                if (wait > TimeSpan.Zero)
                {
                    // True when woken for an early flush (half the pending limit), false when the due time came.
                    early = await _wake.WaitAsync(wait, stop).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            Interlocked.Exchange(ref _earlyFlushAsked, 0);
            try
            {
                await FlushAsync(_abort.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_abort.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A bug, not a send failure (those come back as data): keep the loop alive and say so.
                var now = _options.Clock();
                Failure(ex.Message, now);
                Notice($"Metric reporter '{Name}': a flush failed unexpectedly ({ex.GetType().Name}: {ex.Message}); the next one tries again.");
            }
            ScheduleNext(early);
        }
    }

    /// <summary>
    /// After a scheduled flush, the next due time on the interval's grid from the start (so flushes do not drift),
    /// after now; a timer that fired a little early still moves it on. An early flush keeps the due time.
    /// </summary>
    private void ScheduleNext(bool early)
    {
        var now = _options.Clock();
        lock (_gate)
        {
            if (_nextFlush is not { } due || _state != MetricReporterState.Running || (early && due > now))
            {
                return;
            }
            var steps = due <= now ? (now - due).Ticks / _options.Interval.Ticks + 1 : 1;
            _nextFlush = due + TimeSpan.FromTicks(_options.Interval.Ticks * steps);
        }
    }

    private void AskForEarlyFlush()
    {
        if (_state == MetricReporterState.Running && Interlocked.Exchange(ref _earlyFlushAsked, 1) == 0)
        {
            _wake.Release();
        }
    }

    private async Task FlushCoreAsync(CancellationToken cancellationToken)
    {
        var now = _options.Clock();
        var data = new List<PendingDatum>();
        lock (_gate)
        {
            data.AddRange(_retained);
            _retained.Clear();
            _retainedEntries = 0;
            _retainedValues = 0;
            data.AddRange(_aggregator.Drain());
        }
        if (_process is not null)
        {
            data.AddRange(ReadProcess(now));
        }
        data = DropTooOld(data, now);
        if (data.Count == 0)
        {
            Flushed(now);
            return;
        }
        lock (_gate)
        {
            // Still pending while they are being sent, so the counters add up during a send too.
            _inFlightValues = data.Sum(d => d.Values);
        }
        var watch = Stopwatch.StartNew();
        ReporterSendResult result;
        try
        {
            result = await _output.SendAsync(data, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // Outputs return failures as data; whatever escapes one (a cancellation included) still leaves the data unsent, not lost.
            result = new ReporterSendResult { Sends = 1, FailedSends = 1 };
            result.NotSent(data, ex as CloudWatcherException ?? new CloudWatcherException("MetricReporterSendFailed",
                ex is OperationCanceledException ? ErrorKind.Timeout : ErrorKind.Other, ex.Message, Name, ex));
        }
        var took = watch.Elapsed;
        Account(result, now);
        Flushed(now);
        // The last flush's own numbers would have no flush to send them: they are left out rather than counted as lost.
        if (_options.MetaMetrics && _state == MetricReporterState.Running)
        {
            RecordMeta(result, took, now);
        }
    }

    /// <summary>Counts what a send did, keeps what it could not send, and says what went wrong.</summary>
    private void Account(ReporterSendResult result, DateTime now)
    {
        var refused = result.Refused.Sum(r => r.Datum.Values);
        var unsent = result.Unsent.Sum(d => d.Values);
        var message = result.Error?.Message ?? "the send failed";
        if (unsent > 0)
        {
            Failure(message, now); // first, so a drop at the limit names the failure
        }
        lock (_gate)
        {
            // In one step with what leaves the in-flight count, so Pending and the other counters add up when read.
            _inFlightValues = 0;
            Interlocked.Add(ref _sent, result.ValuesSent);
            Interlocked.Add(ref _refused, refused);
            if (unsent > 0)
            {
                Interlocked.Add(ref _failed, unsent);
                Retain(result.Unsent);
            }
        }
        Interlocked.Add(ref _calls, result.Calls);
        foreach (var group in result.Refused.GroupBy(r => r.Reason))
        {
            var values = group.Sum(r => r.Datum.Values);
            Failure(group.Key, now);
            Notice(string.Create(CultureInfo.InvariantCulture,
                $"Metric reporter '{Name}': {values:N0} value(s) of {string.Join(", ", group.Select(r => r.Datum.Series.ToString()).Distinct().Take(3))} were refused and will not be sent again: {group.Key}"));
        }
        if (unsent == 0 || _state != MetricReporterState.Running)
        {
            return; // after the last flush, what it could not send is counted and said once the stop ends
        }
        Notice(string.Create(CultureInfo.InvariantCulture,
            $"Metric reporter '{Name}': the flush at {now:HH:mm:ss} UTC could not send {unsent:N0} value(s) ({message.TrimEnd('.')}); they are kept for the next flush."));
    }

    private void Flushed(DateTime now)
    {
        Interlocked.Increment(ref _flushes);
        lock (_gate)
        {
            _lastFlush = now;
        }
    }

    /// <summary>Unsent data CloudWatch would refuse as more than two weeks old: counted as dropped and said.</summary>
    private List<PendingDatum> DropTooOld(List<PendingDatum> data, DateTime now)
    {
        var tooOld = data.Where(d => d.Datum.Timestamp is { } t && MetricValueRules.Check(t, now) is { ErrorId: "MetricTimestampOutOfRange" } && t < now).ToList();
        if (tooOld.Count == 0)
        {
            return data;
        }
        var values = tooOld.Sum(d => d.Values);
        Interlocked.Add(ref _dropped, values);
        Notice(string.Create(CultureInfo.InvariantCulture,
            $"Metric reporter '{Name}': dropped {values:N0} unsent value(s) now more than two weeks old, which CloudWatch no longer takes."));
        return data.Except(tooOld).ToList();
    }

    private IEnumerable<PendingDatum> ReadProcess(DateTime now)
    {
        foreach (var reading in _process!.Read())
        {
            var series = Series(null, reading.MetricName, Array.Empty<Dimension>(), reading.Unit, false);
            Interlocked.Increment(ref _recorded);
            yield return new PendingDatum(series, MetricAggregator.Datum(series, now) with { Value = reading.Value }, 1);
        }
    }

    /// <summary>The flush's own numbers, recorded for the next flush.</summary>
    private void RecordMeta(ReporterSendResult result, TimeSpan took, DateTime now)
    {
        var reporter = new[] { new Dimension(ReporterMetaMetrics.DimensionName, Name) };
        foreach (var (name, unit, value) in new[]
        {
            (ReporterMetaMetrics.Sends, "Count", (double)result.Sends),
            (ReporterMetaMetrics.Successes, "Count", (double)(result.Sends - result.FailedSends)),
            (ReporterMetaMetrics.Failures, "Count", (double)result.FailedSends),
            (ReporterMetaMetrics.Datums, "Count", (double)result.DatumsSent),
            (ReporterMetaMetrics.SendTime, "Milliseconds", took.TotalMilliseconds),
        })
        {
            var series = Series(null, name, reporter, unit, false);
            Interlocked.Increment(ref _recorded);
            if (!_aggregator.TryAdd(series, now, value, 1, int.MaxValue))
            {
                Interlocked.Increment(ref _dropped);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await DisposeCoreAsync().ConfigureAwait(false);
    }

    /// <summary>Ends at once: a stop already under way is cut short; the output and process handle are let go.</summary>
    public void Dispose()
    {
        if (_stop is null)
        {
            _abort.Cancel();
            _ = StopAsync(TimeSpan.Zero);
        }
        DisposeCoreAsync().AsTask().GetAwaiter().GetResult();
    }

    private async ValueTask DisposeCoreAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _abort.CancelAsync().ConfigureAwait(false);
        await _output.DisposeAsync().ConfigureAwait(false);
        _process?.Dispose();
    }
}
