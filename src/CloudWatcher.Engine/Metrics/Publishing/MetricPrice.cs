namespace CloudWatcher.Metrics.Publishing;

/// <summary>What a new metric costs: the one price figure the module uses, for -WhatIf's estimate.</summary>
public static class MetricPrice
{
    /// <summary>
    /// USD per custom metric per month: Amazon CloudWatch, paid tier, Metrics, "first 10,000 metrics", US East
    /// (N. Virginia); source https://aws.amazon.com/cloudwatch/pricing/. Checked 2026-11 against stored copies of
    /// public write-ups of that page (the page itself was not reachable from the build machine): re-check it when
    /// AWS changes prices. An estimate only: it ignores the free tier (10 metrics), the cheaper tiers beyond 10,000
    /// metrics, other regions' prices, proration (a metric is billed for the hours it receives data) and the
    /// PutMetricData requests themselves.
    /// </summary>
    public const decimal UsdPerMetricMonth = 0.30m;

    /// <summary>The estimated monthly cost of this many new metrics.</summary>
    public static decimal MonthlyUsd(int metrics) => metrics * UsdPerMetricMonth;
}
