using System.Globalization;
using System.Management.Automation;
using System.Text;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Metrics.Emf;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that publish metrics (Write-CwMetric, Measure-CwCommand): the default dimensions
/// (CLOUDWATCHER_DIMENSIONS, Host unless -NoHostDimension or CLOUDWATCHER_NO_HOST_DIMENSION), recording into a
/// metric reporter, and the one way held data is sent: planned into calls, described under -WhatIf (datums, series,
/// calls, and the series that would be new metrics with their estimated monthly cost), sent, and every value not sent
/// reported as an error record. Each cmdlet declares -Namespace and -NoHostDimension itself, in the parameter sets that
/// publish (with -Reporter, the reporter has both).
/// </summary>
public abstract class MetricWriteCmdlet : AwsCmdlet
{
    /// <summary>The namespace to publish to (-Namespace).</summary>
    protected abstract string TargetNamespace { get; }

    /// <summary>-NoHostDimension.</summary>
    protected abstract bool LeaveOutHost { get; }

    /// <summary>The default dimensions from the environment; a malformed CLOUDWATCHER_DIMENSIONS ends the command before anything is sent.</summary>
    protected DimensionDefaults ReadDimensionDefaults()
    {
        try
        {
            MetricSeriesKey.CheckNamespace(TargetNamespace);
            return DimensionDefaults.FromEnvironment(LeaveOutHost);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, ex.Target ?? TargetNamespace);
            throw; // unreachable
        }
    }

    /// <summary>The live engine reporter behind a MetricReporter; MetricReporterStopped ends the command when it has stopped.</summary>
    protected Reporter LiveReporter(MetricReporter reporter)
    {
        if (ReporterDirectory.Shared.Find(reporter.Id) is { } live && ReferenceEquals(live.View, reporter))
        {
            return live;
        }
        ThrowFailure(new CloudWatcherException("MetricReporterStopped", ErrorKind.InvalidInput,
            $"The metric reporter '{reporter.Name}' (Id {reporter.Id}) has stopped and takes no more values.", reporter)
        {
            RecommendedAction = "Start another with Start-CwMetricReporter, and record into that one.",
        }, reporter);
        throw new InvalidOperationException(); // unreachable
    }

    /// <summary>What the reporter has to say since a command last touched it (failed or refused sends, dropped values), as warnings.</summary>
    protected void WriteReporterNotices(Reporter reporter)
    {
        foreach (var notice in reporter.TakeNotices())
        {
            WriteWarning(notice);
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
                WriteWarning($"Could not list the metrics of {TargetNamespace} to tell which series would be new: {ex.Message}");
            }
            ShouldProcess(fresh is null ? description : Describe(description, fresh), null, null);
            return (Summary(writer, plan, null, true, fresh), null);
        }
        if (!ShouldProcess(description, $"Send {Count(plan.Values, "value")} to CloudWatch namespace {TargetNamespace}?", MyInvocation.MyCommand.Name))
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
            ThrowFailure(ex, TargetNamespace);
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
                $"{Count(values, "value")} in {Count(unsent.Data.Count, "datum")} for {TargetNamespace} were not sent: {unsent.Error.Message}",
                TargetNamespace, unsent.Error) { RecommendedAction = unsent.Error.RecommendedAction }, TargetNamespace));
        }
        WriteVerbose($"Sent {Count(outcome.ValuesSent, "value")} as {Count(outcome.DatumsSent, "datum")} in {Count(outcome.Calls, "PutMetricData call")}.");
        return (Summary(writer, plan, outcome, false), outcome.Fatal);
    }

    /// <summary>
    /// Writes what the writer holds as Embedded Metric Format events: to the pipeline (one JSON line each, which reaches
    /// standard output when nothing captures it), or to a log group through the log writer (spooled, batched, sent with
    /// x-amzn-logs-format: json/emf). Under -WhatIf only says how many events. Returns the summary and a failure that
    /// stopped sending, if any.
    /// </summary>
    protected (MetricWriteSummary Summary, CloudWatcherException? Fatal) PublishEmf(MetricWriter writer, string? logGroupName, string? logStreamName, string? spoolPath)
    {
        var plan = writer.Plan();
        var data = plan.Batches.SelectMany(b => b.Data).ToList();
        var batch = EmfFormatter.Format(data);
        var stream = logStreamName ?? Environment.MachineName;
        var where = logGroupName is null ? "the pipeline" : $"{logGroupName} / {stream}";
        var description = $"Write {Count(plan.Values, "value")} of {Count(plan.Series.Count, "series", "series")} as {Count(batch.Events.Count, "Embedded Metric Format event")} to {where}.";
        MetricWriteSummary Emf(long events, long calls, long refused, long unsent, bool whatIf) =>
            new(TargetNamespace, writer.Aggregation, writer.ValuesTaken, plan.Series.Count, (int)Math.Min(int.MaxValue, events), (int)Math.Min(int.MaxValue, calls),
                (int)Math.Min(int.MaxValue, writer.ValuesRejected + refused), (int)Math.Min(int.MaxValue, unsent), whatIf);
        if (IsWhatIf || batch.Events.Count == 0)
        {
            if (batch.Events.Count > 0)
            {
                ShouldProcess(description, null, null);
            }
            WriteEmfRefusals(batch.Rejected.Select(r => new RefusedDatum(r.Datum, r.Reason)));
            return (Emf(batch.Events.Count, 0, batch.Rejected.Sum(r => r.Datum.Values), 0, IsWhatIf), null);
        }
        if (!ShouldProcess(description, $"Write {Count(plan.Values, "value")} as Embedded Metric Format events to {where}?", MyInvocation.MyCommand.Name))
        {
            return (Emf(0, 0, 0, 0, false), null);
        }
        if (logGroupName is null)
        {
            WriteEmfRefusals(batch.Rejected.Select(r => new RefusedDatum(r.Datum, r.Reason)));
            foreach (var e in batch.Events)
            {
                WriteObject(e.Json);
            }
            return (Emf(batch.Events.Count, 0, batch.Rejected.Sum(r => r.Datum.Values), 0, false), null);
        }
        var session = GetSession();
        var options = new LogWriterOptions { SpoolPath = spoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(spoolPath, "SpoolPath") };
        var output = EmfLogOutput.Create(session, logGroupName, stream, options, Sink, ownsSession: false);
        try
        {
            var result = Wait(output.SendAsync(data, CancellationToken));
            var note = Wait(output.CloseAsync(CancellationToken));
            WriteEmfRefusals(result.Refused);
            if (result.Unsent.Count > 0)
            {
                var values = result.Unsent.Sum(d => d.Values);
                WriteError(ErrorRecords.From(new CloudWatcherException("MetricPublishFailed", result.Error?.Kind ?? ErrorKind.Other,
                    $"{Count(values, "value")} for {TargetNamespace} were not written to {where}: {result.Error?.Message}", where, result.Error), where));
            }
            if (note is not null)
            {
                WriteError(ErrorRecords.Create("LogEventsSpooled", ErrorKind.Unavailable, note, where));
            }
            var calls = output.LastSummary?.Calls ?? 0;
            return (Emf(result.Calls, calls, result.Refused.Sum(r => r.Datum.Values), result.Unsent.Sum(d => d.Values), false), null);
        }
        finally
        {
            // After Ctrl+C the writer goes on sending for its stop bound, then leaves the rest in the spool.
            output.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private void WriteEmfRefusals(IEnumerable<RefusedDatum> refused)
    {
        foreach (var r in refused)
        {
            var target = r.Datum.Series.ToMetricInfo();
            WriteError(ErrorRecords.Create("MetricNotEmf", ErrorKind.InvalidInput,
                $"{Count(r.Datum.Values, "value")} of {r.Datum.Series} cannot be written as Embedded Metric Format: {r.Reason}. The others are written.", target,
                "Rename the metric or the dimension, or send it with PutMetricData (leave out -As Emf)."));
        }
    }

    private MetricWriteSummary Summary(MetricWriter writer, MetricWritePlan plan, PublishOutcome? outcome, bool whatIf, IReadOnlyList<MetricSeriesKey>? fresh = null)
    {
        var rejectedByService = outcome?.Rejected.Sum(r => r.Datum.Values) ?? 0;
        var unsent = outcome?.Unsent.Sum(u => u.Data.Sum(d => d.Values)) ?? 0;
        return new MetricWriteSummary(TargetNamespace, writer.Aggregation, writer.ValuesTaken, plan.Series.Count,
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
