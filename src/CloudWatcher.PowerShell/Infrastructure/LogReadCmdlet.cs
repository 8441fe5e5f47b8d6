using System.Management.Automation;
using CloudWatcher.Logs;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// What Get-CwLog and Watch-CwLog share beyond the selectors (<see cref="LogSelectionCmdlet"/>): the way events are
/// written (LogEvent objects, cloudwatcher's text lines, or with JSON fields expanded).
/// </summary>
public abstract class LogReadCmdlet : LogSelectionCmdlet
{
    /// <summary>Write cloudwatcher's text lines "[dd-mm-YYYY HH:MM:SS UTC] message" instead of LogEvent objects.</summary>
    [Parameter]
    public SwitchParameter AsText { get; set; }

    /// <summary>Add the fields of JSON messages as properties of the emitted events.</summary>
    [Parameter]
    public SwitchParameter ExpandJson { get; set; }

    /// <summary>Reads and writes events; returns normally at the end, on Ctrl+C the pipeline stops.</summary>
    protected void Emit(LogReader reader, IReadOnlyList<LogQuery> queries, LogReaderOptions options, IReadOnlyList<LogPosition?>? start)
    {
        foreach (var logEvent in Enumerate(reader.ReadAsync(queries, options, start, CancellationToken)))
        {
            if (Stopping)
            {
                throw new PipelineStoppedException(); // not handed on, so not recorded as delivered
            }
            // A stop that arrives while the event is being handed on leaves it unrecorded: whether downstream finished
            // with it cannot be known, and handing it on again next time is better than losing it.
            WriteObject(AsText ? LogLineFormatter.Format(logEvent) : ExpandJson ? JsonExpansion.Expand(logEvent) : logEvent);
            reader.CommitTaken();
        }
    }
}
