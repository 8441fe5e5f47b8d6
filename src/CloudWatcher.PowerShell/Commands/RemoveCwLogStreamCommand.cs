using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Deletes log streams with all their events (DeleteLogStream). ConfirmImpact High, as for groups: the events are
/// gone for good. Wildcards resolve through the group's stream listing first; every match is confirmed by name.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "CwLogStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class RemoveCwLogStreamCommand : LogLifecycleCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string[] LogStreamName { get; set; } = Array.Empty<string>();

    /// <summary>Write the name of each stream deleted (what a wildcard matched), e.g. for a runbook's log.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var pattern in LogStreamName)
        {
            var names = new List<string>();
            if (!TryForName(pattern, $"Listing the log streams of '{LogGroupName}'",
                    () => names.AddRange(Enumerate(Lifecycle.ResolveStreamNamesAsync(LogGroupName, new[] { pattern }, CancellationToken)))))
            {
                continue;
            }
            foreach (var name in names)
            {
                if (ShouldProcess($"{LogGroupName}: {name}", "Remove log stream with all its events"))
                {
                    if (TryForName(name, $"Removing the log stream from '{LogGroupName}'", () => Wait(Lifecycle.DeleteStreamAsync(LogGroupName, name, CancellationToken))) && PassThru)
                    {
                        WriteObject(name);
                    }
                    ForgetCompletions();
                }
            }
        }
    }
}
