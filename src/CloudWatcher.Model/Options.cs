namespace CloudWatcher;

/// <summary>How Get-CwLogStream orders streams (DescribeLogStreams' orderBy).</summary>
public enum LogStreamOrder
{
    LogStreamName,
    LastEventTime,
}

/// <summary>What Export-CwMetric writes: cloudwatcher's CSV (time,value), JSON (Label, Timestamps, Values and more), or the raw GetMetricData response.</summary>
public enum ExportFormat
{
    Csv,
    Json,
    Response,
}
