using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.ExceptionServices;
using CloudWatcher.Diagnostics;
using CloudWatcher.Lifetime;
using CloudWatcher.Logs.Writing;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Runs a script block as if it were written in place and sends every record of its six streams to one log stream
/// as it is written, one JSON event each (<see cref="TraceEventConverter"/>), while passing each record on to the
/// stream it was written to (<see cref="StreamPassThrough"/>). The events are flushed when the block ends, however it
/// ends: normally, with a terminating error (sent as an event, then thrown on unchanged), with exit or break (thrown
/// on after the flush, so a runbook exits with its code), or Ctrl+C (sending goes on for -FlushTimeoutSec, the rest
/// stays in the spool).
/// </summary>
[Cmdlet(VerbsDiagnostic.Trace, "CwCommand", SupportsShouldProcess = true)]
[OutputType(typeof(object), typeof(LogWriteSummary))]
public sealed class TraceCwCommandCommand : LogWriteCmdlet
{
    private TraceEventConverter _converter = null!;
    private HashSet<StreamKind> _streams = null!;
    private string _streamName = "";
    private bool _dryRun;
    private bool _capturing;
    private bool _depthWarned;
    private bool _failureWarned;
    private ErrorRecord? _lastErrorSent;
    private IDisposable? _registration;
    private CallerVoice _voice = null!;
    private CloudWatcherException? _sendFailure;

    /// <summary>The code to run. It runs in the caller's scope, as if dot-sourced.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    /// <summary>The log stream (default: the machine's name and the start time, host-20261201T030405Z).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string? LogStreamName { get; set; }

    /// <summary>The streams whose records are sent (all six by default); every record is passed on either way.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public StreamKind[]? Stream { get; set; }

    /// <summary>How deep output objects are written as JSON, as ConvertTo-Json's -Depth.</summary>
    [Parameter]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    /// <summary>A variable (in the caller's scope) to set to the LogWriteSummary when the block has ended.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SummaryVariable { get; set; }

    private string Target => $"{LogGroupName} / {_streamName}";

    /// <summary>The default stream name: host-yyyyMMddTHHmmssZ (the start time in UTC).</summary>
    public static string DefaultStreamName(string host, DateTime startedUtc) =>
        host + "-" + startedUtc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    protected override void BeginProcessing()
    {
        _streamName = LogStreamName ?? DefaultStreamName(Environment.MachineName, DateTime.UtcNow);
        _streams = (Stream ?? Enum.GetValues<StreamKind>()).ToHashSet();
        _converter = new TraceEventConverter(Depth);
        _dryRun = IsWhatIf;
        _voice = new CallerVoice(Sink, Wants("Warning"), Wants("Verbose"), Wants("Debug"));
        // -WhatIf is answered at the end with what would have been sent; declining sends nothing but the block still runs.
        if (!_dryRun && !ShouldProcess(Target, "Send the script block's records (output, errors, warnings, verbose, debug, information)"))
        {
            WriteVerbose("Declined: the script block runs and nothing is sent.");
            return;
        }
        try
        {
            Open();
        }
        catch (CloudWatcherException ex)
        {
            WriterEnded = true;
            ThrowFailure(ex, SpoolPath ?? Target);
        }
        _capturing = true;
    }

    protected override void ProcessRecord()
    {
        var thrown = new MergedStreamRunner(Relay).Run(this, ScriptBlock);
        if (thrown is PipelineStoppedException && Stopped)
        {
            // Ctrl+C: the writer is sending what it took for the flush bound; Dispose waits for it and says what is left.
            ExceptionDispatchInfo.Capture(thrown).Throw();
        }
        if (thrown is not null && EndsInFailure(thrown))
        {
            SendTerminatingError(thrown);
        }
        WriteVerbose(thrown switch
        {
            null => "The script block ended.",
            ExitException exit => $"The script block called exit {exit.Argument}; it is passed on once the events are sent.",
            FlowControlException or PipelineStoppedException => "The script block was left early (break, continue, or a command downstream took all it needed).",
            _ => $"The script block failed: {thrown.Message} It is thrown on once the events are sent.",
        });
        var summary = Finish();
        if (thrown is not null)
        {
            ExceptionDispatchInfo.Capture(thrown).Throw();
        }
        if (PassThru && summary is not null)
        {
            WriteObject(summary);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _registration?.Dispose();
            _registration = null;
        }
        base.Dispose(disposing);
    }

    /// <summary>A terminating error ends a block in failure (it is sent as an error event); leaving it (exit, break, a downstream stop) does not.</summary>
    private static bool EndsInFailure(Exception thrown) => thrown is not FlowControlException and not PipelineStoppedException;

    /// <summary>Opens the writer and registers it, so that a process that exits inside the block still sends what it took.</summary>
    private void Open(bool spoolOnly = false)
    {
        var writer = OpenWriter(LogGroupName, _streamName, truncate: true, _dryRun, _voice, spoolOnly);
        if (!_dryRun)
        {
            _registration?.Dispose();
            _registration = ObjectRegistry.Shared.Register(ModuleLifetime.OwnerOf(Runspace.DefaultRunspace), $"Trace-CwCommand to {Target}",
                _ => writer.StopAsync(FlushTimeout), static () => { });
        }
    }

    /// <summary>Each record as the block writes it: sent (when its stream is chosen), then passed on.</summary>
    private void Relay(PSObject? item)
    {
        var record = StreamRecord.From(item);
        if (_capturing && record.Item is not null && _streams.Contains(record.Stream))
        {
            Send(_converter.Convert(record, DateTime.UtcNow));
            if (record.Stream == StreamKind.Error)
            {
                _lastErrorSent = (ErrorRecord)record.Value!;
            }
            if (_converter.DepthExceeded && !_depthWarned)
            {
                _depthWarned = true;
                _voice.Warning($"An output object is deeper than -Depth {Depth}: what lies deeper is sent as its text, as ConvertTo-Json does. Raise -Depth to send it as JSON.");
            }
        }
        StreamPassThrough.Write(this, record);
        ReportWriteFailures();
        Flush();
    }

    /// <summary>The error that ended the block, unless it is the last error record sent (an -ErrorAction Stop on this command).</summary>
    private void SendTerminatingError(Exception thrown)
    {
        var record = TraceEventConverter.RecordOf(thrown);
        if (!_capturing || !_streams.Contains(StreamKind.Error) || ReferenceEquals(record, _lastErrorSent))
        {
            return;
        }
        try
        {
            Send(TraceEventConverter.ConvertTerminating(record, DateTime.UtcNow));
        }
        catch (PipelineStoppedException)
        {
            // Ctrl+C while the error was being taken: the block's error is still thrown on below.
        }
    }

    /// <summary>
    /// Hands one event to the writer. When sending has failed for good, the block goes on and nothing is lost: after a
    /// failure that may pass (the service unreachable, throttling, timeouts) a new writer takes the event and the ones
    /// after it (it first sends what the failed one left in the spool); after any other (no permission, no such group
    /// with -NoCreate), or when that one fails too, a writer that only spools takes them, and the failure is written
    /// as an error when the block ends (with the Send-CwLogSpool command that sends them).
    /// </summary>
    private void Send((DateTime Timestamp, string Message) e)
    {
        for (var attempt = 1; ; attempt++)
        {
            CloudWatcherException failure;
            try
            {
                AddEvent(e.Timestamp, e.Message);
                return;
            }
            catch (CloudWatcherException ex)
            {
                failure = ex;
            }
            _sendFailure = failure;
            var passing = attempt == 1 && failure.Kind is ErrorKind.Unavailable or ErrorKind.Timeout or ErrorKind.Throttled;
            var next = passing
                ? "The script block goes on, its records are spooled, and sending is tried again."
                : "The script block goes on; its records are kept in the spool and no longer sent (send them later with Send-CwLogSpool).";
            if (!_failureWarned)
            {
                _failureWarned = true;
                _voice.Warning($"{failure.Message} {next}");
            }
            else
            {
                _voice.Verbose($"{failure.Message} {next}");
            }
            if (attempt > 2 || !TryReopen(spoolOnly: !passing))
            {
                _capturing = false;
                return;
            }
        }
    }

    /// <summary>A new writer in place of one that failed (which is let go in the background).</summary>
    private bool TryReopen(bool spoolOnly)
    {
        var failed = Writer!;
        try
        {
            Open(spoolOnly);
        }
        catch (CloudWatcherException ex)
        {
            _voice.Verbose($"A new writer could not be opened: {ex.Message}");
            return false;
        }
        _ = failed.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        return true;
    }

    /// <summary>Sends what is left, reports what could not be sent, and sets -SummaryVariable; the summary (null when nothing was to be sent).</summary>
    private LogWriteSummary? Finish()
    {
        Flush();
        if (Writer is null)
        {
            return null;
        }
        var (completed, failure) = CompleteWriter();
        if (failure is not null)
        {
            // The block's work is done; that its records could not all be sent is reported, not made its failure.
            WriteFailure(failure, Writer.SpoolFolder);
            _sendFailure = null;
        }
        var summary = completed ?? Writer.Summary();
        _registration?.Dispose();
        _registration = null;
        ReportWriteFailures();
        if (_sendFailure is not null && summary.Spooled > 0)
        {
            // Sending stopped while the block ran; what it wrote after that is in the spool too.
            WriteFailure(_sendFailure, Writer.SpoolFolder);
            WriteWarning(string.Create(CultureInfo.InvariantCulture,
                $"In all, {summary.Spooled:N0} events of {Target} are kept in the spool '{summary.SpoolPath}'. Send them with Send-CwLogSpool -LogGroupName '{LogGroupName}' -LogStreamName '{_streamName}'."));
        }
        if (_dryRun)
        {
            ShouldProcess(Target, string.Create(CultureInfo.InvariantCulture,
                $"Write {summary.EventsSent:N0} log events ({summary.Bytes:N0} bytes as PutLogEvents counts them) in {summary.Calls:N0} PutLogEvents call{(summary.Calls == 1 ? "" : "s")}"));
        }
        else
        {
            WriteVerbose(string.Create(CultureInfo.InvariantCulture,
                $"{summary.EventsSent:N0} events sent to {Target} in {summary.Calls:N0} calls ({summary.Bytes:N0} bytes); {summary.Spooled:N0} left in the spool."));
        }
        if (SummaryVariable is not null)
        {
            SessionState.PSVariable.Set(SummaryVariable, summary);
        }
        Flush();
        return summary;
    }

    /// <summary>Whether the caller shows this command's messages of a kind: its common parameter, else the caller's preference.</summary>
    private bool Wants(string kind)
    {
        var preference = MyInvocation.BoundParameters.TryGetValue(kind == "Warning" ? "WarningAction" : kind, out var given)
            ? kind == "Warning" ? LanguagePrimitives.ConvertTo<ActionPreference>(given) : LanguagePrimitives.IsTrue(given) ? ActionPreference.Continue : ActionPreference.SilentlyContinue
            : LanguagePrimitives.ConvertTo<ActionPreference>(GetVariableValue(kind + "Preference") ?? ActionPreference.SilentlyContinue);
        return preference is not ActionPreference.SilentlyContinue and not ActionPreference.Ignore;
    }

    /// <summary>
    /// This command's own messages and the engine's (the writer's), filtered by the caller's preferences when they
    /// are queued: they are written while a record is passed on, in a scope whose preferences are all Continue (see
    /// <see cref="MergedStreamRunner"/>), where they would otherwise all show. The writer's progress bar over a
    /// script block's own output is only noise, so it is left out.
    /// </summary>
    private sealed class CallerVoice : IEngineSink
    {
        private readonly IEngineSink _inner;
        private readonly bool _warning;
        private readonly bool _verbose;
        private readonly bool _debug;

        public CallerVoice(IEngineSink inner, bool warning, bool verbose, bool debug) =>
            (_inner, _warning, _verbose, _debug) = (inner, warning, verbose, debug);

        public void Warning(string message)
        {
            if (_warning)
            {
                _inner.Warning(message);
            }
        }

        public void Verbose(string message)
        {
            if (_verbose)
            {
                _inner.Verbose(message);
            }
        }

        public void Debug(string message)
        {
            if (_debug)
            {
                _inner.Debug(message);
            }
        }

        public void Progress(ProgressReport report)
        {
        }
    }
}
