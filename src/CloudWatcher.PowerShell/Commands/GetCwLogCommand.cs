using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Reads log events once, to the end: one stream with GetLogEvents from its head, or a group (streams, prefix,
/// filter pattern) with FilterLogEvents, interleaved.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CwLog")]
[OutputType(typeof(LogEvent))]
[OutputType(typeof(string))]
public sealed class GetCwLogCommand : LogReadCmdlet
{
    /// <summary>Resume from this token (cloudwatcher's start_token): a nextForwardToken for one stream, a nextToken otherwise.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? StartToken { get; set; }

    /// <summary>At most this many events per log group.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long? Limit { get; set; }

    /// <summary>The name of a variable that receives the token to resume from (for -StartToken next time).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? NextTokenVariable { get; set; }

    protected override void ProcessRecord()
    {
        var queries = BuildQueries();
        if (StartToken is not null && queries.Count > 1)
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidLogQuery", ErrorKind.InvalidInput, "-StartToken belongs to one log group; give one -LogGroupName.", StartToken));
        }
        var api = GetSession().LogRead;
        foreach (var query in queries)
        {
            var reader = new LogReader(api, Sink);
            var start = StartToken is null ? null : new LogPosition?[] { new LogPosition { Token = StartToken } };
            try
            {
                Emit(reader, new[] { query }, new LogReaderOptions { Limit = Limit }, start);
            }
            catch (Exception ex) when (IsEngineFailure(ex))
            {
                WriteFailure(ex, query.LogGroupName);
                continue;
            }
            finally
            {
                if (NextTokenVariable is not null && reader.Positions.Count > 0)
                {
                    SessionState.PSVariable.Set(NextTokenVariable, reader.Positions[0].Token);
                }
            }
        }
    }
}
