using System.Management.Automation;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Lists the running metric reporters of this runspace (as Get-Job lists its jobs) with their counters as they are now (recorded, sent, pending,
/// failed, refused, dropped, last error, next flush). What a reporter has to say since a command last touched it
/// (failed sends, dropped values) is written as warnings.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CwMetricReporter", DefaultParameterSetName = NameSet)]
[OutputType(typeof(MetricReporter))]
public sealed class GetCwMetricReporterCommand : CmdletBase
{
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>The reporters' names; wildcards allowed (default: all).</summary>
    [Parameter(ParameterSetName = NameSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>The reporters' ids.</summary>
    [Parameter(ParameterSetName = IdSet, Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public int[]? Id { get; set; }

    protected override void ProcessRecord()
    {
        var reporters = ReporterSelection.Select(Name, Id, out var missing);
        foreach (var what in missing)
        {
            WriteError(ReporterSelection.NotFound(what));
        }
        foreach (var reporter in reporters)
        {
            foreach (var notice in reporter.TakeNotices())
            {
                WriteWarning(notice);
            }
            WriteObject(reporter.View);
        }
    }
}
