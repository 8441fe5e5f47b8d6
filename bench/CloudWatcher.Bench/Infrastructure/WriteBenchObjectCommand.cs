using System.Management.Automation;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>
/// Writes ready-made objects one WriteObject at a time: the PowerShell floor, i.e. what any binary cmdlet pays to
/// hand N objects to the next command, with no I/O. (An expression piped to Out-Null is optimised away, so it is no floor.)
/// </summary>
[Cmdlet(VerbsCommunications.Write, "BenchObject")]
public sealed class WriteBenchObjectCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public object[] InputObject { get; set; } = Array.Empty<object>();

    protected override void ProcessRecord()
    {
        foreach (var o in InputObject)
        {
            WriteObject(o);
        }
    }
}
