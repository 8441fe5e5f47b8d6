using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Turns LogEvents into cloudwatcher's text lines: "[dd-mm-YYYY HH:MM:SS UTC] message".</summary>
[Cmdlet(VerbsData.ConvertTo, "CwLogLine")]
[OutputType(typeof(string))]
public sealed class ConvertToCwLogLineCommand : CmdletBase
{
    [Parameter(Mandatory = true, ValueFromPipeline = true, Position = 0)]
    [ValidateNotNull]
    public LogEvent[] InputObject { get; set; } = Array.Empty<LogEvent>();

    /// <summary>Keep the Python logging stamp at the start of messages instead of removing it.</summary>
    [Parameter]
    public SwitchParameter KeepStamp { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var logEvent in InputObject)
        {
            WriteObject(LogLineFormatter.Format(logEvent, stripStamp: !KeepStamp));
        }
    }
}
