using System.Globalization;
using CloudWatcher.Diagnostics;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// The writer's sending side: the one background sender that first sends what earlier runs spooled for the stream,
/// then the queued batches, and a batch that is not full once it has waited long enough; and how the writer ends
/// (spool files let go of) or fails (the LogEventsSpooled error).
/// </summary>
public sealed partial class LogWriter
{
    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        var sender = new LogBatchSender(_destination, _api!, _admin, _options, _sink, _counters, _failures.Enqueue);
        try
        {
            if (_options.ResendSpool)
            {
                _resender = new SpoolResender(_spool!, _destination, sender,
                    _read is null ? null : new DeliveryVerifier(_read, _destination, _options, _sink), _sink, _counters, _failures.Enqueue);
                await _resender.ResendAsync(IsOwn, cancellationToken).ConfigureAwait(false);
            }
            var reader = _queue.Reader;
            Task<bool>? waiting = null;
            while (true)
            {
                if (reader.TryRead(out var batch))
                {
                    await SendAsync(sender, batch, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                waiting ??= reader.WaitToReadAsync(cancellationToken).AsTask();
                var due = PartialBatchDue();
                if (due is null || due > TimeSpan.Zero)
                {
                    using var tick = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var delay = Task.Delay(due ?? _options.FlushInterval, tick.Token);
                    var first = await Task.WhenAny(waiting, delay).ConfigureAwait(false);
                    await tick.CancelAsync().ConfigureAwait(false);
                    if (first == waiting)
                    {
                        var more = await waiting.ConfigureAwait(false);
                        waiting = null;
                        if (!more)
                        {
                            break; // completed and empty
                        }
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    continue;
                }
                LogEventBatch? partial;
                lock (_gate)
                {
                    partial = PartialBatchDue() is { } now && now <= TimeSpan.Zero ? CutLocked(rotate: true) : null;
                }
                if (partial is not null)
                {
                    await SendAsync(sender, partial, cancellationToken).ConfigureAwait(false);
                }
            }
            _sink.Progress(new ProgressReport(ProgressActivity.WritingLogEvents, Status(), (int)Math.Min(int.MaxValue, _counters.Calls), Completed: true));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: what was not acknowledged stays in the spool.
        }
        catch (CloudWatcherException ex)
        {
            _cause = ex;
            _queue.Writer.TryComplete();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _cause = new CloudWatcherException("LogWriteFailed", ErrorKind.Other, ex.Message, _destination.ToString(), ex);
            _queue.Writer.TryComplete();
        }
    }

    private bool IsOwn(string path)
    {
        lock (_gate)
        {
            return _segments.Any(s => s.Path == path);
        }
    }

    private async Task SendAsync(LogBatchSender sender, LogEventBatch batch, CancellationToken cancellationToken)
    {
        await sender.SendAsync(batch, resend: false, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            foreach (var done in _segments.Where(s => s != _current && s.DeleteIfDone()).ToList())
            {
                _segments.Remove(done);
            }
        }
        _sink.Progress(new ProgressReport(ProgressActivity.WritingLogEvents, Status(), (int)Math.Min(int.MaxValue, _counters.Calls), MoreToCome: true));
    }

    private string Status() => string.Create(CultureInfo.InvariantCulture,
        $"{_destination}: {_counters.Sent:N0} events sent in {_counters.Calls:N0} calls ({_counters.Bytes / 1024.0 / 1024.0:0.#} MB)");

    /// <summary>How long until the batch that is not full must go (null when there is none).</summary>
    private TimeSpan? PartialBatchDue()
    {
        lock (_gate)
        {
            return _batcher.Count == 0 ? null : TimeSpan.FromMilliseconds(_batchStartedAt + _options.FlushInterval.TotalMilliseconds - _clock.ElapsedMilliseconds);
        }
    }

    /// <summary>
    /// Lets go of the spool files: those fully acknowledged are deleted, the others stay for a resend. What is left in
    /// the stream's spool folder (this run's events and any an earlier run left that were not sent) is then counted.
    /// </summary>
    private LogWriteSummary End()
    {
        lock (_gate)
        {
            _duration ??= _clock.Elapsed;
            foreach (var segment in _segments)
            {
                segment.Seal();
                if (!segment.DeleteIfDone())
                {
                    segment.Dispose();
                }
            }
            if (_spool is not null && _spooledAtEnd is null)
            {
                try
                {
                    _spooledAtEnd = _spool.EntryFor(_destination, _sink.Warning).Events;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    _sink.Warning($"The spool folder '{SpoolFolder}' could not be read to count what is left in it: {ex.Message}");
                }
            }
        }
        return Summary();
    }

    /// <summary>Ends after a failure the retries did not cure, and throws the error that says what is spooled where.</summary>
    private async Task FailAsync()
    {
        _closed = true;
        _queue.Writer.TryComplete();
        await Task.WhenAny(_sender, Task.Delay(_options.StopFlushTimeout)).ConfigureAwait(false);
        var summary = End();
        var cause = _cause!;
        var folder = SpoolFolder ?? _options.SpoolPath;
        throw new CloudWatcherException("LogEventsSpooled", cause.Kind,
            string.Create(CultureInfo.InvariantCulture,
                $"Writing to {_destination} stopped: {cause.Message.TrimEnd('.')}. {summary.Spooled:N0} events are kept in the spool folder '{folder}'; nothing taken is lost ({summary.EventsSent:N0} were stored)."),
            folder, cause)
        {
            RecommendedAction = $"Fix the cause, then send them with Send-CwLogSpool -LogGroupName '{_destination.LogGroupName}' -LogStreamName '{_destination.LogStreamName}' " +
                $"(the next Write-CwLog to this stream sends them first). {cause.RecommendedAction}".TrimEnd(),
        };
    }
}
