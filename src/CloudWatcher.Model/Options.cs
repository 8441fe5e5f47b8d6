namespace CloudWatcher;

/// <summary>How Get-CwLogStream orders streams (DescribeLogStreams' orderBy).</summary>
public enum LogStreamOrder
{
    LogStreamName,
    LastEventTime,
}

/// <summary>
/// A log group's class (CreateLogGroup's logGroupClass), fixed when the group is created: Standard (every feature),
/// InfrequentAccess (fewer features, lower cost), Delivery (only for delivering logs to S3 or Firehose; events kept one day).
/// </summary>
public enum LogGroupClass
{
    Standard,
    InfrequentAccess,
    Delivery,
}

/// <summary>What Export-CwMetric writes: cloudwatcher's CSV (time,value), JSON (Label, Timestamps, Values and more), or the raw GetMetricData response.</summary>
public enum ExportFormat
{
    Csv,
    Json,
    Response,
}

/// <summary>The six PowerShell streams whose records Trace-CwCommand sends (the number is the stream's redirection number).</summary>
public enum StreamKind
{
    Output = 1,
    Error = 2,
    Warning = 3,
    Verbose = 4,
    Debug = 5,
    Information = 6,
}
