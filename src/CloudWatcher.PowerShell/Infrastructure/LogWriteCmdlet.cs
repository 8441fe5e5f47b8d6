using System.Globalization;
using System.Management.Automation;
using CloudWatcher.Diagnostics;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that write log events to one stream through the engine's <see cref="LogWriter"/> (Write-CwLog,
/// Trace-CwCommand): the parameters they share (-NoCreate, -RetentionInDays, -SpoolPath, -FlushTimeoutSec, -PassThru), opening
/// the writer on this invocation's session, handing it events on the pipeline thread, reporting the events it could
/// not send, and Ctrl+C: no more events, sending goes on for the flush bound, the rest stays in the spool and the host
/// is told where.
/// </summary>
public abstract class LogWriteCmdlet : AwsCmdlet
{
    private bool _stopped;

    /// <summary>Do not create the log group and stream when they are missing.</summary>
    [Parameter]
    public SwitchParameter NoCreate { get; set; }

    /// <summary>The retention to give the log group when this command creates it.</summary>
    [Parameter]
    [ValidateSet("1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653")]
    public int? RetentionInDays { get; set; }

    /// <summary>The spool folder (default CLOUDWATCHER_SPOOL_PATH, else CloudWatcher/spool in the local application data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpoolPath { get; set; }

    /// <summary>On Ctrl+C: how long to go on sending what was taken before the rest is left in the spool.</summary>
    [Parameter]
    [ValidateRange(0, 300)]
    public double FlushTimeoutSec { get; set; } = 5;

    /// <summary>Write a LogWriteSummary at the end.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>The open writer (null before <see cref="OpenWriter"/>, or when nothing is to be written).</summary>
    protected LogWriter? Writer { get; private set; }

    /// <summary>True once the writer has ended by itself (completed or failed): Dispose then has nothing to stop.</summary>
    protected bool WriterEnded { get; set; }

    /// <summary>True once Ctrl+C was pressed.</summary>
    protected bool Stopped => _stopped;

    protected TimeSpan FlushTimeout => TimeSpan.FromSeconds(FlushTimeoutSec);

    /// <summary>True under -WhatIf (given, or $WhatIfPreference).</summary>
    protected bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? LanguagePrimitives.IsTrue(whatIf)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>
    /// Opens a writer to the stream (it becomes <see cref="Writer"/>; one that was open is the caller's to dispose): a
    /// dry run (-WhatIf: counts, sends and spools nothing) or one that spools and sends on this invocation's session
    /// (with <paramref name="spoolOnly"/>: spools and sends nothing).
    /// Throws the engine's failure (a spool that cannot be opened, no region or credentials).
    /// </summary>
    protected LogWriter OpenWriter(string logGroupName, string logStreamName, bool truncate, bool dryRun, IEngineSink sink, bool spoolOnly = false)
    {
        WriterEnded = false;
        var options = new LogWriterOptions
        {
            Create = !NoCreate,
            RetentionInDays = RetentionInDays,
            Truncate = truncate,
            DryRun = dryRun,
            SpoolOnly = spoolOnly,
            StopFlushTimeout = FlushTimeout,
        };
        if (dryRun)
        {
            Writer = new LogWriter(new LogDestination(Region ?? "-", EndpointUrl?.ToString(), logGroupName, logStreamName), options, null, null, null, sink);
            return Writer;
        }
        options = options with { SpoolPath = SpoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(SpoolPath, nameof(SpoolPath)) };
        var session = GetSession();
        Writer = new LogWriter(new LogDestination(session.Region, session.Endpoint, logGroupName, logStreamName), options,
            session.LogWrite, session.LogGroupAdmin, session.LogRead, sink);
        Writer.Start();
        if (!spoolOnly)
        {
            WriteVerbose($"Spooling to '{Writer.SpoolFolder}' until the service acknowledges each event.");
        }
        return Writer;
    }

    /// <summary>
    /// Hands one event to the writer (spooled when this returns; waits while the send queue is full). Ctrl+C while it
    /// waits, or an event that arrives after Ctrl+C closed the writer, stops the pipeline. Throws the writer's
    /// LogEventsSpooled error when sending has failed for good (the event is then not taken).
    /// </summary>
    protected void AddEvent(DateTime timestamp, string? message)
    {
        ValueTask adding;
        try
        {
            adding = Writer!.AddAsync(timestamp, message, CancellationToken);
        }
        catch (InvalidOperationException) when (_stopped)
        {
            throw new PipelineStoppedException(); // Ctrl+C closed the writer while this event came in: it was not taken
        }
        if (adding.IsCompletedSuccessfully)
        {
            return;
        }
        try
        {
            Wait(adding.AsTask());
        }
        catch (InvalidOperationException) when (_stopped)
        {
            throw new PipelineStoppedException();
        }
        catch (CloudWatcherException)
        {
            WriterEnded = true;
            ReportWriteFailures();
            throw;
        }
    }

    /// <summary>
    /// Sends what is left and ends the writer: its summary, or the failure that ended it (the events it could not
    /// send already written as errors). Writer must be open.
    /// </summary>
    protected (LogWriteSummary? Summary, CloudWatcherException? Failure) CompleteWriter()
    {
        try
        {
            var summary = Wait(Writer!.CompleteAsync(CancellationToken));
            WriterEnded = true;
            return (summary, null);
        }
        catch (CloudWatcherException ex)
        {
            WriterEnded = true;
            ReportWriteFailures();
            return (null, ex);
        }
    }

    /// <summary>Writes an error for each event the writer could not send (too large, refused by the service), in order.</summary>
    protected void ReportWriteFailures()
    {
        while (Writer is not null && Writer.TryTakeFailure(out var failure))
        {
            WriteError(ErrorRecords.From(failure, failure.Target));
        }
    }

    protected override void StopProcessing()
    {
        _stopped = true;
        base.StopProcessing();
        // Go on sending what was taken, within the bound, while the pipeline winds down; Dispose waits for it.
        _ = Writer?.StopAsync(FlushTimeout);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && Writer is not null && !WriterEnded)
        {
            WriterEnded = true;
            // The pipeline thread can get here before StopProcessing has run on this command: the pipeline says it is stopping first.
            _stopped |= Stopping;
            var stopping = Writer.StopAsync(FlushTimeout);
            if (stopping.Wait(FlushTimeout + TimeSpan.FromSeconds(2)) && !stopping.Result.WhatIf)
            {
                var summary = stopping.Result;
                var destination = Writer.Destination;
                var sent = string.Create(CultureInfo.InvariantCulture,
                    $"{MyInvocation.MyCommand.Name} {(_stopped ? "stopped" : "ended early")}: {summary.EventsSent:N0} events sent to {destination.LogGroupName} / {destination.LogStreamName}");
                var left = string.Create(CultureInfo.InvariantCulture,
                    $"; {summary.Spooled:N0} are kept in the spool '{summary.SpoolPath}'. Send them with Send-CwLogSpool -LogGroupName '{destination.LogGroupName}' -LogStreamName '{destination.LogStreamName}'.");
                TellHost(sent + (summary.Spooled > 0 ? left : "."));
            }
        }
        if (disposing && Writer is not null)
        {
            _ = Writer.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }

    /// <summary>After a stop the pipeline takes no more output; the host still shows a line.</summary>
    protected void TellHost(string text)
    {
        try
        {
            Host?.UI?.WriteWarningLine(text);
        }
        catch (Exception ex) when (ex is PipelineStoppedException or InvalidOperationException or NotImplementedException or System.Management.Automation.Host.HostException)
        {
            // A host without a UI: the numbers are in the spool (Get-CwLogSpool).
        }
    }
}
