namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// The parameter rules Write-CwMetric and Start-CwMetricReporter share for -As Emf: -LogGroupName, -LogStreamName
/// and -SpoolPath only go with -As Emf, a stream needs its group, and EMF carries values, not statistic sets.
/// </summary>
internal static class EmfParameterRules
{
    /// <summary>The first rule the bound parameters break, with the value to name in the error, or null.</summary>
    /// <param name="aggregateChoices">The -Aggregate values the cmdlet takes with -As Emf, for the message.</param>
    public static (CloudWatcherException Error, object? Target)? FirstBroken(
        IDictionary<string, object> bound, MetricFormat format, MetricAggregation aggregate, string? logStreamName, string aggregateChoices)
    {
        if (format != MetricFormat.Emf && (bound.ContainsKey("LogGroupName") || bound.ContainsKey("LogStreamName") || bound.ContainsKey("SpoolPath")))
        {
            return (new CloudWatcherException("EmfParameterWithoutEmf", ErrorKind.InvalidInput,
                "-LogGroupName, -LogStreamName and -SpoolPath say where Embedded Metric Format events go; they need -As Emf.", format), format);
        }
        if (format == MetricFormat.Emf && aggregate == MetricAggregation.StatisticSet)
        {
            return (new CloudWatcherException("EmfStatisticSet", ErrorKind.InvalidInput,
                $"Embedded Metric Format carries values, not statistic sets: -As Emf takes -Aggregate {aggregateChoices}.", aggregate), aggregate);
        }
        if (bound.ContainsKey("LogStreamName") && !bound.ContainsKey("LogGroupName"))
        {
            return (new CloudWatcherException("EmfLogStreamWithoutGroup", ErrorKind.InvalidInput,
                "-LogStreamName names a stream of -LogGroupName; give the log group too.", logStreamName), logStreamName);
        }
        return null;
    }
}
