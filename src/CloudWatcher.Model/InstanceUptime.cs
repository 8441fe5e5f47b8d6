namespace CloudWatcher;

/// <summary>How an uptime was found.</summary>
public enum UptimeSource
{
    /// <summary>Exact: EC2 reports the instance running since its launch time.</summary>
    Ec2LaunchTime,

    /// <summary>Estimated from the instance's CloudWatch datapoints (the last unbroken run of data).</summary>
    MetricEstimate,
}

/// <summary>How long an EC2 instance has been up (or was up, when it is not running now).</summary>
public sealed class InstanceUptime
{
    public InstanceUptime(string instanceId, string? state, bool isRunning, DateTime? since, DateTime? until, TimeSpan? uptime,
        UptimeSource source, string detail, bool isLowerBound = false, string? name = null, string? instanceType = null)
    {
        InstanceId = instanceId;
        State = state;
        IsRunning = isRunning;
        Since = since;
        Until = until;
        Uptime = uptime;
        Source = source.ToString();
        Detail = detail;
        IsLowerBound = isLowerBound;
        Name = name;
        InstanceType = instanceType;
    }

    public string InstanceId { get; }

    /// <summary>EC2's state (running, stopped…), or null when EC2 could not be asked.</summary>
    public string? State { get; }

    public bool IsRunning { get; }

    /// <summary>Start of the current (or last) run, UTC.</summary>
    public DateTime? Since { get; }

    /// <summary>End of the last run when the instance is not running now, UTC.</summary>
    public DateTime? Until { get; }

    public TimeSpan? Uptime { get; }

    /// <summary>Ec2LaunchTime or MetricEstimate (<see cref="UptimeSource"/>), as text so it reads in CSV and JSON.</summary>
    public string Source { get; }

    /// <summary>What was done, in words: which API or metric, over which range.</summary>
    public string Detail { get; }

    /// <summary>True when the data reaches back to the start of the lookback: the uptime is at least this long.</summary>
    public bool IsLowerBound { get; }

    public string? Name { get; }

    public string? InstanceType { get; }

    /// <summary>The uptime for people: "3 days, 5:00:00"; "&gt;= …" for a lower bound; "ran …" for the last run of a stopped instance.</summary>
    public string FormatUptime() => Uptime is TimeSpan span
        ? (IsLowerBound ? ">= " : "") + (IsRunning ? "" : "ran ") + UnitFormatter.FormatTimespan(span)
        : "";

    public override string ToString() => $"{InstanceId}: {Detail}";
}
