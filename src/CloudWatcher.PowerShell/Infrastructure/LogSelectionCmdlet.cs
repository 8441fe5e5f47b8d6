using System.Management.Automation;
using CloudWatcher.Logs;
using CloudWatcher.Time;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// What every log-reading cmdlet (Get-CwLog, Watch-CwLog, Export-CwLog) selects by: groups (names or wildcards, from
/// the pipeline too), streams, prefix, filter pattern and time, planned into queries by the engine's LogQueryPlanner.
/// </summary>
public abstract class LogSelectionCmdlet : TimeRangeCmdlet
{
    private readonly List<(string[] Groups, string[]? Streams)> _inputs = new();

    /// <summary>Log group names, or wildcards ('/app/*'); strings and Get-CwLogGroup output bind from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string[] LogGroupName { get; set; } = Array.Empty<string>();

    /// <summary>One stream reads with GetLogEvents from its head; several are interleaved with FilterLogEvents. Wildcards: 'web-*'.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ValidateCount(1, 100)]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(LogStreamNameCompleter))]
    public string[]? LogStreamName { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogStreamNamePrefix { get; set; }

    /// <summary>A CloudWatch Logs filter pattern: terms, "phrases", ?alternatives, -exclusions, { $.json = "patterns" }.</summary>
    [Parameter]
    [ValidateNotNull]
    public string? FilterPattern { get; set; }

    /// <summary>The queries for the bound groups (wildcards expanded); a bad combination ends the command.</summary>
    protected IReadOnlyList<LogQuery> BuildQueries(TimeSpan? defaultSince = null)
    {
        try
        {
            var input = BuildTimeInput();
            if (defaultSince is TimeSpan since && input.StartTime is null && input.Since is null)
            {
                input = input with { Since = since };
            }
            var (start, end) = TimeResolver.Resolve(input, DateTime.UtcNow);
            var selection = new LogSelection(LogGroupName)
            {
                LogStreamNames = LogStreamName,
                LogStreamNamePrefix = LogStreamNamePrefix,
                FilterPattern = FilterPattern,
                StartTime = start,
                EndTime = end,
            };
            return Wait(new LogQueryPlanner(GetSession().LogCatalog, Sink).PlanAsync(selection, CancellationToken));
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, Since ?? StartTime ?? (object)string.Join(", ", LogGroupName));
            throw; // unreachable
        }
    }

    /// <summary>Keeps the groups and streams bound for this pipeline object, to be read together at the end.</summary>
    protected void CollectInput() => _inputs.Add((LogGroupName, LogStreamName));

    /// <summary>
    /// The queries for every pipeline object collected, one per log group in first-seen order (piped streams of one
    /// group are read together); a bad combination ends the command.
    /// </summary>
    protected IReadOnlyList<LogQuery> BuildCollectedQueries(TimeSpan? defaultSince = null)
    {
        var planned = new List<LogQuery>();
        foreach (var (groups, streams) in _inputs)
        {
            LogGroupName = groups;
            LogStreamName = streams;
            planned.AddRange(BuildQueries(defaultSince));
        }
        try
        {
            return LogQueryPlanner.Merge(planned);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, null);
            throw; // unreachable
        }
    }
}
