using CloudWatcher.Ports;

namespace CloudWatcher.Metrics.Publishing;

/// <summary>A value that cannot be sent: the ErrorId of its error record and why, in words.</summary>
public sealed record ValueProblem(string ErrorId, string Reason);

/// <summary>
/// What PutMetricData refuses about a single value: NaN and infinities, magnitudes beyond 2^360, timestamps more than
/// two weeks old or two hours ahead. Such a value is reported by itself; the rest of its series is still sent (the
/// service would refuse the whole call for it). Timestamps are checked with a minute to spare on either side, as the
/// service's clock decides and a value checked here still has to travel.
/// </summary>
public static class MetricValueRules
{
    public static readonly TimeSpan ClockMargin = TimeSpan.FromMinutes(1);

    public static ValueProblem? Check(double value)
    {
        if (double.IsNaN(value))
        {
            return new ValueProblem("MetricValueInvalid", "NaN (not a number) cannot be sent to CloudWatch");
        }
        if (double.IsInfinity(value))
        {
            return new ValueProblem("MetricValueInvalid", "an infinite value cannot be sent to CloudWatch");
        }
        if (Math.Abs(value) > PutMetricDataLimits.MaxMagnitude)
        {
            return new ValueProblem("MetricValueInvalid", "CloudWatch takes values from -2^360 to 2^360 only");
        }
        return null;
    }

    /// <summary>The problem with a (UTC) timestamp at <paramref name="nowUtc"/>, or null when CloudWatch takes it.</summary>
    public static ValueProblem? Check(DateTime timestampUtc, DateTime nowUtc)
    {
        if (timestampUtc < nowUtc - PutMetricDataLimits.MaxAge + ClockMargin)
        {
            return new ValueProblem("MetricTimestampOutOfRange", "the timestamp is more than two weeks old, which CloudWatch does not take");
        }
        if (timestampUtc > nowUtc + PutMetricDataLimits.MaxAhead - ClockMargin)
        {
            return new ValueProblem("MetricTimestampOutOfRange", "the timestamp is more than two hours ahead, which CloudWatch does not take");
        }
        return null;
    }
}
