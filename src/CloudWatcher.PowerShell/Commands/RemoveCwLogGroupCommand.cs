using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Deletes log groups with all their streams and events (DeleteLogGroup). Wildcards resolve through the listing
/// first, and every group they match is confirmed by its own name (ConfirmImpact High).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "CwLogGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(string))]
public sealed class RemoveCwLogGroupCommand : LogLifecycleCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>Write the name of each group deleted (what a wildcard matched), e.g. for a runbook's log.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var pattern in LogGroupName)
        {
            // The whole match first: deleting while paging through a listing could skip groups.
            var names = new List<string>();
            if (!TryForName(pattern, "Listing the log groups", () => names.AddRange(Enumerate(Lifecycle.ResolveGroupNamesAsync(new[] { pattern }, CancellationToken)))))
            {
                continue;
            }
            foreach (var name in names)
            {
                if (ShouldProcess(name, "Remove log group with all its streams and events"))
                {
                    if (TryForName(name, "Removing the log group", () => Wait(Lifecycle.DeleteGroupAsync(name, CancellationToken))) && PassThru)
                    {
                        WriteObject(name);
                    }
                    ForgetCompletions();
                }
            }
        }
    }
}
