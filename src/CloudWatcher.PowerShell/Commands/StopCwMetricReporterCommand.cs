using System.Globalization;
using System.Management.Automation;
using CloudWatcher.Metrics.Reporting;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Stops metric reporters: they take no more values, flush one last time (within -FlushTimeoutSec) and let go of
/// their connection. Values still unsent then are counted as dropped and reported as an error. A reporter that has
/// stopped already is left as it is.
/// </summary>
[Cmdlet(VerbsLifecycle.Stop, "CwMetricReporter", SupportsShouldProcess = true, DefaultParameterSetName = ReporterSet)]
[OutputType(typeof(MetricReporter))]
public sealed class StopCwMetricReporterCommand : CmdletBase
{
    private const string ReporterSet = "Reporter";
    private const string NameSet = "Name";
    private const string IdSet = "Id";

    /// <summary>The reporters to stop (from Start-CwMetricReporter or Get-CwMetricReporter).</summary>
    [Parameter(ParameterSetName = ReporterSet, Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public MetricReporter[]? Reporter { get; set; }

    /// <summary>The reporters' names; wildcards allowed.</summary>
    [Parameter(ParameterSetName = NameSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    /// <summary>The reporters' ids.</summary>
    [Parameter(ParameterSetName = IdSet, Mandatory = true)]
    public int[]? Id { get; set; }

    /// <summary>How long the last flush may take, in seconds (default 10).</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int FlushTimeoutSec { get; set; } = 10;

    /// <summary>Write each stopped reporter, with its final counters.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<(MetricReporter View, Reporter? Live)> targets;
        if (ParameterSetName == ReporterSet)
        {
            targets = Reporter!.Select(view => (view, ReporterDirectory.Shared.Find(view.Id) is { } live && ReferenceEquals(live.View, view) ? live : null));
        }
        else
        {
            var selected = ReporterSelection.Select(Name, Id, out var missing);
            foreach (var what in missing)
            {
                WriteError(ReporterSelection.NotFound(what));
            }
            targets = selected.Select(live => (live.View, (Reporter?)live));
        }
        foreach (var (view, live) in targets)
        {
            if (live is null)
            {
                WriteVerbose($"The metric reporter '{view.Name}' (Id {view.Id}) has stopped already.");
            }
            else if (ShouldProcess($"{view.Name} (Id {view.Id})", "Stop the metric reporter, flushing what it holds"))
            {
                Stop(live);
            }
            else
            {
                continue;
            }
            if (PassThru)
            {
                WriteObject(view);
            }
        }
    }

    private void Stop(Reporter reporter)
    {
        // Ctrl+C ends the wait; the stop goes on in the background within its bound, so the bound outlives this command.
        var bound = new CancellationTokenSource(TimeSpan.FromSeconds(FlushTimeoutSec));
        var stopping = ReporterDirectory.Shared.StopAsync(reporter, bound.Token);
        _ = stopping.ContinueWith(_ => bound.Dispose(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        var summary = Wait(stopping);
        foreach (var notice in reporter.TakeNotices().Where(n => !n.Contains("stopped with", StringComparison.Ordinal)))
        {
            WriteWarning(notice);
        }
        if (summary.Note is { } note)
        {
            WriteWarning(note);
        }
        if (summary.ValuesLost > 0)
        {
            WriteError(ErrorRecords.Create("MetricReporterDataLost", ErrorKind.WriteFailed,
                string.Create(CultureInfo.InvariantCulture,
                    $"The metric reporter '{reporter.Name}' stopped with {summary.ValuesLost:N0} value(s) it could not send ({summary.Error?.TrimEnd('.')}); they are counted as dropped."),
                reporter.View,
                "Check the connection and credentials (Get-CwMetricReporter showed the last error), or give -FlushTimeoutSec more time."));
        }
        WriteVerbose(string.Create(CultureInfo.InvariantCulture,
            $"Metric reporter '{reporter.Name}' stopped: {reporter.Recorded:N0} recorded, {reporter.Sent:N0} sent in {reporter.Calls:N0} call(s), {reporter.Dropped:N0} dropped, {reporter.Refused:N0} refused."));
    }
}
