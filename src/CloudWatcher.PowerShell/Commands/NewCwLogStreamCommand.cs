using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Creates log streams in a log group (CreateLogStream) and writes each as the service then describes it.</summary>
[Cmdlet(VerbsCommon.New, "CwLogStream", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LogStream))]
public sealed class NewCwLogStreamCommand : LogLifecycleCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string[] LogStreamName { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        foreach (var name in LogStreamName)
        {
            if (ShouldProcess($"{LogGroupName}: {name}", "Create log stream"))
            {
                TryForName(name, $"Creating the log stream in '{LogGroupName}'", () => WriteObject(Wait(Lifecycle.CreateStreamAsync(LogGroupName, name, CancellationToken))));
                ForgetCompletions();
            }
        }
    }
}
