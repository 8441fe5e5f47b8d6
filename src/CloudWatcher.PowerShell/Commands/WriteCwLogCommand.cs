using System.Globalization;
using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Writes log events from the pipeline to one log stream (PutLogEvents), batched on every limit, each event spooled
/// before it is taken so nothing is lost; what could not be sent is reported event by event or left in the spool.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "CwLog", SupportsShouldProcess = true, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(LogWriteSummary))]
public sealed class WriteCwLogCommand : LogWriteCmdlet
{
    private const string InputObjectSet = "InputObject";
    private const string MessageSet = "Message";

    private LogInputConverter? _converter;
    private bool _dryRun;
    private bool _declined;
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

    /// <summary>Cut events over the 1 MB limit down to it, with a marker, instead of reporting them unsent.</summary>
    [Parameter]
    public SwitchParameter Truncate { get; set; }

    private string Target => $"{LogGroupName} / {LogStreamName}";

    protected override void BeginProcessing()
    {
        _dryRun = IsWhatIf;
        // -WhatIf is answered once, at the end, with what would be sent; otherwise one confirmation before anything is.
        if (!_dryRun && !ShouldProcess(Target, "Write log events"))
        {
            _declined = true;
            return;
        }
        _converter = new LogInputConverter(Property, TimestampProperty, Depth);
        try
        {
            OpenWriter(LogGroupName, LogStreamName, Truncate, _dryRun, Sink);
        }
        catch (CloudWatcherException ex)
        {
            WriterEnded = true;
            ThrowFailure(ex, SpoolPath ?? Target);
        }
    }

    protected override void ProcessRecord()
    {
        if (_declined || Writer is null)
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
        ReportWriteFailures();
        Flush();
    }

    protected override void EndProcessing()
    {
        if (_declined || Writer is null)
        {
            return;
        }
        var (completed, failure) = CompleteWriter();
        if (failure is not null)
        {
            ThrowFailure(failure, Writer.SpoolFolder);
            return;
        }
        var summary = completed!;
        ReportWriteFailures();
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

    private void Add(string? message, DateTime timestamp)
    {
        try
        {
            AddEvent(timestamp, message);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, Writer!.SpoolFolder);
        }
    }
}
