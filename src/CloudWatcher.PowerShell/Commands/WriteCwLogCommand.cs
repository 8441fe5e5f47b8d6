using System.Globalization;
using System.Management.Automation;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Writes log events from the pipeline to one log stream (PutLogEvents), batched on every limit, each event spooled
/// before it is taken so nothing is lost; what could not be sent is reported event by event or left in the spool.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "CwLog", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(LogWriteSummary))]
public sealed class WriteCwLogCommand : AwsCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string MessageSet = "Message";

    private LogWriter? _writer;
    private LogInputConverter? _converter;
    private bool _dryRun;
    private bool _declined;
    private bool _ended;
    private bool _stopped;
    private bool _depthWarned;

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string LogStreamName { get; set; } = "";

    /// <summary>Messages to write, one event each, at the current time.</summary>
    [Parameter(Mandatory = true, Position = 2, ParameterSetName = MessageSet)]
    [AllowNull]
    [AllowEmptyString]
    [AllowEmptyCollection]
    public string[]? Message { get; set; }

    /// <summary>What to write: text as it is, other objects as one line of JSON.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    [AllowNull]
    [AllowEmptyString]
    public object? InputObject { get; set; }

    /// <summary>The property whose value is the message (instead of the whole object as JSON).</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateNotNullOrEmpty]
    [Alias("MessageProperty")]
    public string? Property { get; set; }

    /// <summary>The property that holds the event's time (instead of Timestamp or @timestamp).</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateNotNullOrEmpty]
    public string? TimestampProperty { get; set; }

    /// <summary>How deep objects are written as JSON, as ConvertTo-Json's -Depth.</summary>
    [Parameter(ParameterSetName = InputObjectSet)]
    [ValidateRange(0, 100)]
    public int Depth { get; set; } = 2;

    /// <summary>Do not create the log group and stream when they are missing.</summary>
    [Parameter]
    public SwitchParameter NoCreate { get; set; }

    /// <summary>The retention to give the log group when this command creates it.</summary>
    [Parameter]
    [ValidateSet("1", "3", "5", "7", "14", "30", "60", "90", "120", "150", "180", "365", "400", "545", "731", "1096", "1827", "2192", "2557", "2922", "3288", "3653")]
    public int? RetentionInDays { get; set; }

    /// <summary>Cut events over the 1 MB limit down to it, with a marker, instead of reporting them unsent.</summary>
    [Parameter]
    public SwitchParameter Truncate { get; set; }

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

    private string Target => $"{LogGroupName} / {LogStreamName}";

    private TimeSpan FlushTimeout => TimeSpan.FromSeconds(FlushTimeoutSec);

    protected override void BeginProcessing()
    {
        _dryRun = WhatIfInEffect();
        // -WhatIf is answered once, at the end, with what would be sent; otherwise one confirmation before anything is.
        if (!_dryRun && !ShouldProcess(Target, "Write log events"))
        {
            _declined = true;
            return;
        }
        _converter = new LogInputConverter(Property, TimestampProperty, Depth);
        var options = new LogWriterOptions
        {
            Create = !NoCreate,
            RetentionInDays = RetentionInDays,
            Truncate = Truncate,
            DryRun = _dryRun,
            StopFlushTimeout = FlushTimeout,
        };
        try
        {
            if (_dryRun)
            {
                _writer = new LogWriter(new LogDestination(Region ?? "-", EndpointUrl?.ToString(), LogGroupName, LogStreamName), options, null, null, null, Sink);
                return;
            }
            options = options with { SpoolPath = SpoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(SpoolPath, nameof(SpoolPath)) };
            var session = GetSession();
            _writer = new LogWriter(new LogDestination(session.Region, session.Endpoint, LogGroupName, LogStreamName), options,
                session.LogWrite, session.LogGroupAdmin, session.LogRead, Sink);
            _writer.Start();
            WriteVerbose($"Spooling to '{_writer.SpoolFolder}' until the service acknowledges each event.");
        }
        catch (CloudWatcherException ex)
        {
            _ended = true;
            ThrowFailure(ex, SpoolPath ?? Target);
        }
    }

    protected override void ProcessRecord()
    {
        if (_declined || _writer is null)
        {
            return;
        }
        if (ParameterSetName == MessageSet)
        {
            foreach (var message in Message ?? Array.Empty<string>())
            {
                Add(message, DateTime.UtcNow);
            }
        }
        else
        {
            string? message;
            DateTime? timestamp;
            try
            {
                (message, timestamp) = _converter!.Convert(InputObject);
            }
            catch (CloudWatcherException ex)
            {
                WriteFailure(ex, InputObject);
                return;
            }
            if (_converter.Json.DepthExceeded && !_depthWarned)
            {
                _depthWarned = true;
                WriteWarning($"An input object is deeper than -Depth {Depth}: what lies deeper is written as its text, as ConvertTo-Json does. Raise -Depth to write it as JSON.");
            }
            Add(message, timestamp ?? DateTime.UtcNow);
        }
        ReportFailures();
        Flush();
    }

    protected override void EndProcessing()
    {
        if (_declined || _writer is null)
        {
            return;
        }
        LogWriteSummary summary;
        try
        {
            summary = Wait(_writer.CompleteAsync(CancellationToken));
            _ended = true;
        }
        catch (CloudWatcherException ex)
        {
            _ended = true;
            ReportFailures();
            ThrowFailure(ex, _writer.SpoolFolder);
            return;
        }
        ReportFailures();
        if (summary.Skipped > 0)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture,
                $"{summary.Skipped:N0} empty message{(summary.Skipped == 1 ? " was" : "s were")} not sent: CloudWatch Logs refuses empty events."));
        }
        if (_dryRun)
        {
            ShouldProcess(Target, string.Create(CultureInfo.InvariantCulture,
                $"Write {summary.EventsSent:N0} log events ({summary.Bytes:N0} bytes as PutLogEvents counts them) in {summary.Calls:N0} PutLogEvents call{(summary.Calls == 1 ? "" : "s")}"));
        }
        if (PassThru)
        {
            WriteObject(summary);
        }
    }

    protected override void StopProcessing()
    {
        _stopped = true;
        base.StopProcessing();
        // Go on sending what was taken, within the bound, while the pipeline winds down; Dispose waits for it.
        _ = _writer?.StopAsync(FlushTimeout);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _writer is not null && !_ended)
        {
            _ended = true;
            var stopping = _writer.StopAsync(FlushTimeout);
            if (stopping.Wait(FlushTimeout + TimeSpan.FromSeconds(2)) && !_dryRun)
            {
                var summary = stopping.Result;
                var sent = string.Create(CultureInfo.InvariantCulture, $"Write-CwLog {(_stopped ? "stopped" : "ended early")}: {summary.EventsSent:N0} events sent to {Target}");
                var left = string.Create(CultureInfo.InvariantCulture,
                    $"; {summary.Spooled:N0} are kept in the spool '{summary.SpoolPath}'. Send them with Send-CwLogSpool -LogGroupName '{LogGroupName}' -LogStreamName '{LogStreamName}'.");
                TellHost(sent + (summary.Spooled > 0 ? left : "."));
            }
        }
        if (disposing && _writer is not null)
        {
            _ = _writer.DisposeAsync().AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
        }
        base.Dispose(disposing);
    }

    private void Add(string? message, DateTime timestamp)
    {
        ValueTask adding;
        try
        {
            adding = _writer!.AddAsync(timestamp, message, CancellationToken);
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
        catch (CloudWatcherException ex)
        {
            _ended = true;
            ReportFailures();
            ThrowFailure(ex, _writer.SpoolFolder);
        }
    }

    private void ReportFailures()
    {
        while (_writer is not null && _writer.TryTakeFailure(out var failure))
        {
            WriteError(ErrorRecords.From(failure, failure.Target));
        }
    }

    private bool WhatIfInEffect() =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var whatIf)
            ? LanguagePrimitives.IsTrue(whatIf)
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>After a stop the pipeline takes no more output; the host still shows a line.</summary>
    private void TellHost(string text)
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
