using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Text;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists the streams of log groups (DescribeLogStreams), following every page.</summary>
[Cmdlet(VerbsCommon.Get, "CwLogStream")]
[OutputType(typeof(LogStream))]
public sealed class GetCwLogStreamCommand : AwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string LogGroupName { get; set; } = "";

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("LogStreamName")]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string[]? Name { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NamePrefix { get; set; }

    [Parameter]
    public LogStreamOrder OrderBy { get; set; } = LogStreamOrder.LogStreamName;

    [Parameter]
    public SwitchParameter Descending { get; set; }

    /// <summary>At most this many streams per log group (0: all).</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int First { get; set; }

    protected override void ProcessRecord()
    {
        var query = new LogStreamQuery(LogGroupName)
        {
            NamePrefix = NamePrefix,
            OrderByLastEventTime = OrderBy == LogStreamOrder.LastEventTime,
            Descending = Descending,
            First = First > 0 ? First : null,
        };
        try
        {
            var listing = new LogCatalog(GetSession().LogCatalog, Sink).ListStreams(query, new NameSelection(Name, NamePrefix));
            foreach (var entry in Enumerate(listing.ReadAsync(CancellationToken)))
            {
                WriteObject(entry.Item);
            }
            foreach (var name in listing.NotFound)
            {
                WriteError(ErrorRecords.Create("LogStreamNotFound", ErrorKind.NotFound,
                    $"The log stream '{name}' was not found in the log group '{LogGroupName}'.", name,
                    $"Check the name (stream names are case-sensitive); list the streams with Get-CwLogStream -LogGroupName '{LogGroupName}'."));
            }
        }
        catch (CloudWatcherServiceException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.InvalidInput)
        {
            // This group is missing (or its name is not valid); the next piped group may still work.
            WriteFailure(ex, LogGroupName);
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, LogGroupName);
        }
    }
}
