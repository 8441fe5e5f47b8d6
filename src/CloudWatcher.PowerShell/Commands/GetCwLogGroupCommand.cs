using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Text;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists CloudWatch Logs log groups (DescribeLogGroups), following every page.</summary>
[Cmdlet(VerbsCommon.Get, "CwLogGroup")]
[OutputType(typeof(LogGroup))]
public sealed class GetCwLogGroupCommand : AwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("LogGroupName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NamePrefix { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var listing = new LogCatalog(GetSession().LogCatalog, Sink).ListGroups(new NameSelection(Name, NamePrefix));
            foreach (var entry in Enumerate(listing.ReadAsync(CancellationToken)))
            {
                if (entry.Refused is { } refused)
                {
                    // This listing's input was refused (e.g. a character CloudWatch Logs does not allow in names); others may still work.
                    WriteFailure(refused, NamePrefix ?? (object?)Name);
                    continue;
                }
                WriteObject(entry.Item);
            }
            foreach (var name in listing.NotFound)
            {
                WriteError(ErrorRecords.Create("LogGroupNotFound", ErrorKind.NotFound,
                    $"The log group '{name}' was not found in region {GetSession().Region}.", name,
                    "Check the name (log group names are case-sensitive) and the region; list the groups with Get-CwLogGroup, or use a wildcard such as '/aws/lambda/*'."));
            }
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, NamePrefix ?? (object?)Name);
        }
    }
}
