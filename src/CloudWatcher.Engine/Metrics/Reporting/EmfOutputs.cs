using System.Globalization;
using System.Text.Json;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Metrics.Emf;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>
/// A reporter's data as Embedded Metric Format events, one JSON document a line, to a text writer: the process's
/// standard output, where Lambda, container log drivers and the CloudWatch agent pick them up. Lines are written whole
/// (one call each) so they never interleave with other output of the process.
/// </summary>
public sealed class EmfTextOutput : IReporterOutput
{
    private readonly TextWriter _writer;

    public EmfTextOutput(TextWriter writer, string destination = "standard output")
    {
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        Destination = destination;
    }

    public MetricFormat Format => MetricFormat.Emf;

    public string Destination { get; }

    public Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken)
    {
        var result = new ReporterSendResult();
        var batch = EmfFormatter.Format(data);
        result.Refused.AddRange(batch.Rejected.Select(r => new RefusedDatum(r.Datum, r.Reason)));
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            result.Sends++;
            try
            {
                _writer.WriteLine(e.Json);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                result.FailedSends += batch.Events.Count - i;
                result.Sends = batch.Events.Count;
                result.NotSent(batch.Events.Skip(i).SelectMany(x => x.Data),
                    new CloudWatcherException("EmfWriteFailed", ErrorKind.WriteFailed, $"EMF events could not be written to {Destination}: {ex.Message}", Destination, ex));
                break;
            }
            result.Calls++;
            result.ValuesSent += e.Values;
            result.DatumsSent += e.Data.Count;
        }
        try
        {
            _writer.Flush();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The lines were handed over; a flush failure shows on the next write.
        }
        return Task.FromResult(result);
    }

    public Task<string?> CloseAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// A reporter's data as Embedded Metric Format events written to a log stream through a <see cref="LogWriter"/> whose
/// destination declares the format (so every PutLogEvents call carries x-amzn-logs-format: json/emf): each event is
/// spooled before it counts as sent, batched, and sent in the background within the writer's flush interval. When the
/// writer gives up (the service keeps failing), its events stay in the spool; the events it did not take come back
/// unsent, and the next flush starts a new writer, which first sends what the spool holds. Events the service refuses
/// (too old, past the group's retention) are counted as refused, by the values they carried.
/// </summary>
public sealed class EmfLogOutput : IReporterOutput
{
    private readonly Func<LogWriter> _start;
    private readonly IDisposable? _owned;
    private LogWriter? _writer;

    /// <param name="start">Makes and starts a writer to the stream (called again after one gave up).</param>
    /// <param name="owned">Disposed with the output (the session the writer's ports belong to).</param>
    public EmfLogOutput(LogDestination destination, Func<LogWriter> start, IDisposable? owned = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        Destination = destination.ToString();
        _start = start ?? throw new ArgumentNullException(nameof(start));
        _owned = owned;
    }

    /// <summary>
    /// An output to a log stream of a session: the destination declares EMF, and each writer it starts spools under
    /// <paramref name="options"/>' spool path. With <paramref name="ownsSession"/>, the session is disposed with the output.
    /// </summary>
    public static EmfLogOutput Create(ICloudWatcherSession session, string logGroupName, string logStreamName, LogWriterOptions options,
        Diagnostics.IEngineSink? sink, bool ownsSession)
    {
        ArgumentNullException.ThrowIfNull(session);
        var destination = new LogDestination(session.Region, session.Endpoint, logGroupName, logStreamName) { LogFormat = LogFormats.Emf };
        return new EmfLogOutput(destination, () =>
        {
            var writer = new LogWriter(destination, options, session.LogWrite, session.LogGroupAdmin, session.LogRead, sink);
            writer.Start();
            return writer;
        }, ownsSession ? session : null);
    }

    public MetricFormat Format => MetricFormat.Emf;

    public string Destination { get; }

    /// <summary>What the last writer did, once it has ended (<see cref="CloseAsync"/>).</summary>
    public LogWriteSummary? LastSummary { get; private set; }

    public async Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken)
    {
        var result = new ReporterSendResult();
        var batch = EmfFormatter.Format(data);
        result.Refused.AddRange(batch.Rejected.Select(r => new RefusedDatum(r.Datum, r.Reason)));
        for (var i = 0; i < batch.Events.Count; i++)
        {
            var e = batch.Events[i];
            result.Sends++;
            try
            {
                _writer ??= _start();
                await _writer.AddAsync(e.Timestamp, e.Json, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CloudWatcherException or OperationCanceledException)
            {
                var error = ex as CloudWatcherException
                    ?? new CloudWatcherException("MetricReporterStopped", ErrorKind.Timeout, "the flush was cut short (the reporter was stopping and its time ran out)");
                result.FailedSends += batch.Events.Count - i;
                result.Sends = batch.Events.Count;
                result.NotSent(batch.Events.Skip(i).SelectMany(x => x.Data), error);
                if (ex is CloudWatcherException)
                {
                    await RetireAsync().ConfigureAwait(false);
                }
                break;
            }
            result.Calls++;
            result.ValuesSent += e.Values;
            result.DatumsSent += e.Data.Count;
        }
        TakeRefusals(result);
        return result;
    }

    public async Task<string?> CloseAsync(CancellationToken cancellationToken)
    {
        if (_writer is null)
        {
            return null;
        }
        var writer = _writer;
        _writer = null;
        LogWriteSummary summary;
        string? cause = null;
        try
        {
            summary = await writer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is CloudWatcherException or OperationCanceledException)
        {
            cause = ex is CloudWatcherException { InnerException: CloudWatcherException inner } ? inner.Message : ex.Message;
            summary = await writer.StopAsync(TimeSpan.Zero).ConfigureAwait(false);
        }
        await writer.DisposeAsync().ConfigureAwait(false);
        LastSummary = summary;
        return summary.Spooled > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"{summary.Spooled:N0} EMF events to {Destination} are kept in the spool folder '{summary.SpoolPath}'{(cause is null ? "" : $" ({cause.TrimEnd('.')})")}; " +
                $"Send-CwLogSpool -LogGroupName '{summary.LogGroupName}' sends them.")
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            _writer = null;
        }
        _owned?.Dispose();
    }

    /// <summary>Refusals the writer reported since the last send (events too old, past retention, too large), with the values they carried.</summary>
    private void TakeRefusals(ReporterSendResult result)
    {
        if (_writer is null)
        {
            return;
        }
        while (_writer.TryTakeFailure(out var failure))
        {
            var values = failure.Data[LogEventFailures.MessageKey] is string message ? CountValues(message) : 0;
            result.Refused.Add(new RefusedDatum(Unknown(values), failure.Message));
        }
    }

    private async Task RetireAsync()
    {
        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>A placeholder datum for refused values known only by their count (an event the service refused after it was handed over).</summary>
    private static PendingDatum Unknown(long values) =>
        new(MetricSeriesKey.Create("CloudWatcher", "EmfEvent", Array.Empty<Dimension>(), null, false), new MetricDatum("EmfEvent"), values);

    /// <summary>The values in an EMF event: each metric's number, or the length of its array.</summary>
    public static long CountValues(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            long count = 0;
            foreach (var directive in root.GetProperty("_aws").GetProperty("CloudWatchMetrics").EnumerateArray())
            {
                foreach (var metric in directive.GetProperty("Metrics").EnumerateArray())
                {
                    if (root.TryGetProperty(metric.GetProperty("Name").GetString()!, out var value))
                    {
                        count += value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
                    }
                }
            }
            return count;
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return 0;
        }
    }
}
