using System.Management.Automation;
using CloudWatcher.Time;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// The one set of time parameters (-Since, -StartTime, -EndTime) that every reading cmdlet shares, with one check
/// that the start is given one way and one resolver (the engine's <see cref="TimeResolver"/>) behind it.
/// </summary>
public abstract class TimeRangeCmdlet : AwsCmdlet
{
    /// <summary>How long ago to start: a TimeSpan, a DateTime, or text such as "90s", "15m", "6h", "3d", "2w" or a date.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public object? Since { get; set; }

    [Parameter]
    public DateTime? StartTime { get; set; }

    [Parameter]
    public DateTime? EndTime { get; set; }

    /// <summary>The time input; a start given two ways ends the command with InvalidTimeRange.</summary>
    protected TimeInput BuildTimeInput(TimeSpan? span = null, string spanParameters = "")
    {
        // "3d" and "90s" on a command line are number literals (decimal 3, short 90) that keep their text: use the text.
        var since = Since is PSObject wrapped
            ? wrapped.BaseObject is DateTime or DateTimeOffset or TimeSpan or string ? wrapped.BaseObject : wrapped.ToString()
            : Since;
        var ways = new List<string>();
        if (StartTime is not null) ways.Add("-StartTime");
        if (since is not null) ways.Add("-Since");
        if (span is not null) ways.Add(spanParameters);
        if (ways.Count > 1)
        {
            ThrowTerminatingError(ErrorRecords.Create("InvalidTimeRange", ErrorKind.InvalidInput,
                $"Give the start one way: {string.Join(" or ", ways)}, not both.", since ?? StartTime));
        }
        return new TimeInput { StartTime = StartTime, EndTime = EndTime, Since = since, Span = span };
    }
}
