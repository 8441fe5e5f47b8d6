using System.Globalization;
using System.Management.Automation;
using System.Text;
using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that publish metrics (Write-CwMetric, Measure-CwCommand): -Namespace, the default dimensions
/// (CLOUDWATCHER_DIMENSIONS, Host unless -NoHostDimension or CLOUDWATCHER_NO_HOST_DIMENSION), and the one way held
/// data is sent: planned into calls, described under -WhatIf (datums, series, calls, and the series that would be new
/// metrics with their estimated monthly cost), sent, and every value not sent reported as an error record.
/// </summary>
public abstract class MetricWriteCmdlet : AwsCmdlet
{
    /// <summary>The namespace to publish to, e.g. MyApp (not AWS/…).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    /// <summary>Leave out the Host dimension (as CLOUDWATCHER_NO_HOST_DIMENSION=1 does).</summary>
    [Parameter]
    public SwitchParameter NoHostDimension { get; set; }

    /// <summary>The default dimensions from the environment; a malformed CLOUDWATCHER_DIMENSIONS ends the command before anything is sent.</summary>
    protected DimensionDefaults ReadDimensionDefaults()
    {
        try
        {
            MetricSeriesKey.CheckNamespace(Namespace);
            return DimensionDefaults.FromEnvironment(NoHostDimension);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, ex.Target ?? Namespace);
            throw; // unreachable
        }
    }

    /// <summary>True under -WhatIf (given, or $WhatIfPreference).</summary>
    protected bool IsWhatIf =>
        MyInvocation.BoundParameters.TryGetValue("WhatIf", out var given)
            ? given is SwitchParameter { IsPresent: true }
            : LanguagePrimitives.IsTrue(GetVariableValue("WhatIfPreference"));

    /// <summary>Reports values refused before sending, one error record each.</summary>
    protected void WriteRejections(IReadOnlyList<ValueRejection> rejections)
    {
        foreach (var r in rejections)
        {
            WriteError(ErrorRecords.Create(r.ErrorId, ErrorKind.InvalidInput,
                $"Not sent: {r.Value} in {r.Value.Namespace}: {r.Value.Reason}. The other values are sent.", r.Value,
                r.ErrorId == "MetricTimestampOutOfRange"
                    ? "Give timestamps from the last two weeks up to two hours ahead (UTC, or local time with its kind)."
                    : "Leave out NaN and infinite values, and keep values within ±2^360."));
        }
    }

    /// <summary>
    /// Sends what the writer holds, unless -WhatIf (which lists the new series and their cost) or the user declines.
    /// Returns the summary, and the failure that stopped sending (access denied, bad credentials), if any, for the
    /// caller to end with or report.
    /// </summary>
    protected (MetricWriteSummary Summary, CloudWatcherException? Fatal) Publish(MetricWriter writer, string what)
    {
        var plan = writer.Plan();
        var description = $"{what}: {Count(plan.Values, "value")} as {Count(plan.Datums, "datum")} in {Count(plan.Series.Count, "series", "series")}, " +
            $"{Count(plan.Calls, "PutMetricData call")}.";
        if (plan.Datums == 0)
        {
            WriteVerbose("Nothing to send.");
            return (Summary(writer, plan, null, IsWhatIf), null);
        }
        var session = GetSession();
        if (IsWhatIf)
        {
            IReadOnlyList<MetricSeriesKey>? fresh = null;
            try
            {
                fresh = Wait(plan.FindNewSeriesAsync(session.MetricCatalog, Sink, CancellationToken));
            }
            catch (Exception ex) when (IsEngineFailure(ex))
            {
                // What would be sent is still worth showing; only the comparison with what exists is missing.
                WriteWarning($"Could not list the metrics of {Namespace} to tell which series would be new: {ex.Message}");
            }
            ShouldProcess(fresh is null ? description : Describe(description, fresh), null, null);
            return (Summary(writer, plan, null, true, fresh), null);
        }
        if (!ShouldProcess(description, $"Send {Count(plan.Values, "value")} to CloudWatch namespace {Namespace}?", MyInvocation.MyCommand.Name))
        {
            return (Summary(writer, plan, null, false), null);
        }
        PublishOutcome outcome;
        try
        {
            outcome = Wait(plan.PublishAsync(session.MetricWrite, Sink, CancellationToken));
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, Namespace);
            throw; // unreachable
        }
        foreach (var rejected in outcome.Rejected)
        {
            var datum = rejected.Datum;
            WriteError(ErrorRecords.From(new CloudWatcherException("MetricRejected", ErrorKind.InvalidInput,
                $"CloudWatch refused {Count(datum.Values, "value")} of {datum.Series} ({datum.Describe()}): {rejected.Error.Message} The other datums were sent.",
                datum.Series.ToMetricInfo(), rejected.Error), datum.Series.ToMetricInfo()));
        }
        foreach (var unsent in outcome.Unsent.Where(u => !ReferenceEquals(u.Error, outcome.Fatal)))
        {
            var values = unsent.Data.Sum(d => d.Values);
            WriteError(ErrorRecords.From(new CloudWatcherException("MetricPublishFailed", unsent.Error.Kind,
                $"{Count(values, "value")} in {Count(unsent.Data.Count, "datum")} for {Namespace} were not sent: {unsent.Error.Message}",
                Namespace, unsent.Error) { RecommendedAction = unsent.Error.RecommendedAction }, Namespace));
        }
        WriteVerbose($"Sent {Count(outcome.ValuesSent, "value")} as {Count(outcome.DatumsSent, "datum")} in {Count(outcome.Calls, "PutMetricData call")}.");
        return (Summary(writer, plan, outcome, false), outcome.Fatal);
    }

    private MetricWriteSummary Summary(MetricWriter writer, MetricWritePlan plan, PublishOutcome? outcome, bool whatIf, IReadOnlyList<MetricSeriesKey>? fresh = null)
    {
        var rejectedByService = outcome?.Rejected.Sum(r => r.Datum.Values) ?? 0;
        var unsent = outcome?.Unsent.Sum(u => u.Data.Sum(d => d.Values)) ?? 0;
        return new MetricWriteSummary(Namespace, writer.Aggregation, writer.ValuesTaken, plan.Series.Count,
            outcome?.DatumsSent ?? (whatIf ? plan.Datums : 0), outcome?.Calls ?? (whatIf ? plan.Calls : 0),
            (int)Math.Min(int.MaxValue, writer.ValuesRejected + rejectedByService), (int)Math.Min(int.MaxValue, unsent), whatIf,
            fresh?.Select(s => s.ToMetricInfo()).ToList(), fresh is null ? null : MetricPrice.MonthlyUsd(fresh.Count));
    }

    /// <summary>The -WhatIf text: what would be sent, then the new series with the estimated cost.</summary>
    private static string Describe(string description, IReadOnlyList<MetricSeriesKey> fresh)
    {
        var text = new StringBuilder(description);
        if (fresh.Count == 0)
        {
            text.Append(" Every series exists already (ListMetrics lists it): no new metrics.");
            return text.ToString();
        }
        text.Append(CultureInfo.InvariantCulture,
            $" New metrics (not listed by ListMetrics): {fresh.Count}, an estimated {MetricPrice.MonthlyUsd(fresh.Count):0.00} USD a month at {MetricPrice.UsdPerMetricMonth:0.00} USD per metric-month (us-east-1 list price, first 10,000 metrics):");
        foreach (var series in fresh)
        {
            text.Append(Environment.NewLine).Append("  ").Append(series);
        }
        return text.ToString();
    }

    private static string Count(long n, string singular, string? plural = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? singular : plural ?? singular + "s")}");
}
