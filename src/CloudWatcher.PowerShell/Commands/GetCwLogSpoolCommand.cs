using System.Management.Automation;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists what is spooled per log stream: events waiting to be sent, their times, and the spool files.</summary>
[Cmdlet(VerbsCommon.Get, "CwLogSpool")]
[OutputType(typeof(LogSpoolEntry))]
public sealed class GetCwLogSpoolCommand : CmdletBase
{
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? LogGroupName { get; set; }

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? LogStreamName { get; set; }

    /// <summary>The spool folder (default CLOUDWATCHER_SPOOL_PATH, else CloudWatcher/spool in the local application data).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpoolPath { get; set; }

    protected override void EndProcessing()
    {
        var selection = new SpoolSelection();
        selection.Add(LogGroupName, LogStreamName);
        try
        {
            var root = SpoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(SpoolPath, nameof(SpoolPath));
            WriteVerbose($"Spool folder: '{root}'.");
            foreach (var entry in new LogSpool(root).List(WriteWarning))
            {
                if (selection.Matches(entry.LogGroupName, entry.LogStreamName))
                {
                    WriteObject(entry);
                }
            }
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, SpoolPath);
        }
    }
}
