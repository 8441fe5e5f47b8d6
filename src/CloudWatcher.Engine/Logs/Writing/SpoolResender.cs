using System.Globalization;
using CloudWatcher.Diagnostics;
using CloudWatcher.Logs.Writing.Spool;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Sends a destination's spooled events, oldest file first. Each file is taken over exclusively (a file a live writer
/// or another resend holds is left alone and counted as in use). Calls that were out when the file's writer ended are
/// checked first (<see cref="DeliveryVerifier"/>): a call found stored is acknowledged and not sent again; one found
/// missing is sent again; one that cannot be checked is sent again and its events counted as possible duplicates
/// (delivery is at-least-once). Then every event not acknowledged is sent in new batches, and the file is deleted.
/// A failure that retries did not cure is thrown, and what is not sent stays in the file. A damaged file is reported
/// (SpoolSegmentDamaged) and left where it is; the others are still sent.
/// </summary>
internal sealed class SpoolResender
{
    private readonly LogSpool _spool;
    private readonly LogDestination _destination;
    private readonly LogBatchSender _sender;
    private readonly DeliveryVerifier? _verifier;
    private readonly IEngineSink _sink;
    private readonly LogWriteCounters _counters;
    private readonly Action<CloudWatcherException> _report;
    private SpoolSegment? _current;
    private int _calls;

    public SpoolResender(LogSpool spool, LogDestination destination, LogBatchSender sender, DeliveryVerifier? verifier,
        IEngineSink sink, LogWriteCounters counters, Action<CloudWatcherException> report)
    {
        _spool = spool;
        _destination = destination;
        _sender = sender;
        _verifier = verifier;
        _sink = sink;
        _counters = counters;
        _report = report;
    }

    /// <summary>Files left alone because another process (or this writer) holds them.</summary>
    public int FilesInUse { get; private set; }

    /// <summary>Events of the file being sent that are not yet acknowledged (for the count of what stays spooled).</summary>
    public long PendingInCurrentFile => _current?.Pending ?? 0;

    public async Task ResendAsync(Func<string, bool> isOwn, CancellationToken cancellationToken)
    {
        foreach (var path in _spool.SegmentFiles(_destination))
        {
            if (isOwn(path))
            {
                continue;
            }
            var segment = SpoolSegment.TryClaim(path, out var complete);
            if (segment is null)
            {
                if (File.Exists(path))
                {
                    FilesInUse++;
                    _sink.Verbose($"The spool file '{path}' is in use by another writer or resend; it is left to it.");
                }
                continue;
            }
            _current = segment;
            try
            {
                await ResendFileAsync(segment, complete, cancellationToken).ConfigureAwait(false);
            }
            catch (CloudWatcherException ex) when (ex.ErrorId == "SpoolSegmentDamaged")
            {
                _report(ex); // left as it is, reported every time; the other files (and new events) still go
            }
            finally
            {
                segment.Dispose(); // a no-op when it was deleted
                _current = null;
            }
        }
        if (_calls > 0)
        {
            _sink.Progress(new ProgressReport(ProgressActivity.SendingSpooledLogEvents, Status(), _calls, Completed: true));
        }
    }

    private string Status() => string.Create(CultureInfo.InvariantCulture, $"{_destination}: {_counters.Resent:N0} spooled events sent");

    private async Task SendAsync(LogEventBatch batch, CancellationToken cancellationToken)
    {
        await _sender.SendAsync(batch, resend: true, cancellationToken).ConfigureAwait(false);
        _calls++;
        _sink.Progress(new ProgressReport(ProgressActivity.SendingSpooledLogEvents, Status(), _calls, MoreToCome: true));
    }

    private async Task ResendFileAsync(SpoolSegment segment, long complete, CancellationToken cancellationToken)
    {
        var path = segment.Path;
        var index = SpoolSegmentReader.ReadIndex(segment.Handle, complete, path);
        if (index.Header is null)
        {
            segment.Seal();
            segment.Delete(); // torn before its first line: it never held an event
            return;
        }
        if (!index.Header.Destination.Equals(_destination))
        {
            _sink.Warning($"The spool file '{path}' is for {index.Header.Destination} ({index.Header.Region}), not {_destination}; it was left where it is.");
            return;
        }
        var pending = SequenceRanges.From(index.Pending.Select(e => e.Sequence));
        segment.SetPending(pending.Count);
        segment.Seal();
        if (pending.IsEmpty)
        {
            segment.Delete();
            return;
        }
        _sender.RetentionForNewGroup ??= index.Header.RetentionInDays;
        _sink.Verbose(string.Create(CultureInfo.InvariantCulture, $"Sending {pending.Count} spooled events of {_destination} from '{path}'."));

        var delivered = SequenceRanges.Empty;
        foreach (var (mark, events) in index.InDoubt())
        {
            var batch = SpoolSegmentReader.ReadEvents(segment.Handle, complete, path, events.Contains).ToList();
            var check = _verifier is null
                ? new DeliveryCheck(DeliveryOutcome.Unknown, 0, "no way to read the stream")
                : await _verifier.CheckAsync(batch, mark.SentAt, cancellationToken).ConfigureAwait(false);
            switch (check.Outcome)
            {
                case DeliveryOutcome.Delivered:
                    segment.MarkAcknowledged(events, batch.Count);
                    delivered = delivered.Union(events);
                    _counters.AddAlreadyDelivered(batch.Count);
                    _sink.Verbose(string.Create(CultureInfo.InvariantCulture,
                        $"{batch.Count} spooled events whose call was out when the last writer ended are in the stream already; they are not sent again."));
                    break;
                case DeliveryOutcome.NotDelivered when check.Found > 0:
                    _counters.AddPossibleDuplicates(check.Found);
                    _sink.Warning(string.Create(CultureInfo.InvariantCulture,
                        $"Of {batch.Count} spooled events whose call was out when the last writer ended, {check.Found} are in the stream and the rest are not; all are sent again, so up to {check.Found} may be duplicates."));
                    break;
                case DeliveryOutcome.Unknown:
                    _counters.AddPossibleDuplicates(batch.Count);
                    _sink.Warning(string.Create(CultureInfo.InvariantCulture,
                        $"Whether {batch.Count} spooled events whose call was out when the last writer ended arrived could not be checked ({check.Reason}); they are sent again and may be duplicates."));
                    break;
            }
        }

        var batcher = new LogEventBatcher();
        foreach (var e in SpoolSegmentReader.ReadEvents(segment.Handle, complete, path, s => pending.Contains(s) && !delivered.Contains(s)))
        {
            if (e.Size > LogWriteLimits.MaxBytesPerCall)
            {
                _counters.AddOversize();
                _report(LogEventFailures.TooLarge(e.Timestamp, e.Message, e.Size));
                segment.MarkAcknowledged(SequenceRanges.From(new[] { e.Sequence }), 1);
                continue;
            }
            if (batcher.Push(e) is { } full)
            {
                full.Segment = segment;
                await SendAsync(full, cancellationToken).ConfigureAwait(false);
            }
        }
        if (batcher.Cut() is { } last)
        {
            last.Segment = segment;
            await SendAsync(last, cancellationToken).ConfigureAwait(false);
        }
        segment.DeleteIfDone();
    }
}
