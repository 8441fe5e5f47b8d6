using System.Diagnostics;
using System.Management.Automation;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Runs a script block as if it were written in place (dot-sourced in the caller's scope; its output and errors
/// pass through as they come), then publishes how long it took and how it ended: &lt;MetricName&gt; (Milliseconds),
/// &lt;MetricName&gt;.Success and &lt;MetricName&gt;.Failure (Count, 1 or 0 each, so Sum counts runs of each outcome and the
/// Average of .Failure is the failure rate). A terminating error in the block is a failure: it is published, then
/// thrown on as it was. With -Reporter the three values are recorded into a background reporter instead.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "CwCommand", SupportsShouldProcess = true, DefaultParameterSetName = PublishSet)]
[OutputType(typeof(PSObject))]
public sealed class MeasureCwCommandCommand : MetricWriteCmdlet
{
    public const string SuccessSuffix = ".Success";
    public const string FailureSuffix = ".Failure";
    private const string PublishSet = "Publish";
    private const string ReporterSet = "Reporter";

    private Reporter? _reporter;

    /// <summary>The namespace to publish to, e.g. MyApp (not AWS/…); with -Reporter, the reporter's unless given.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PublishSet)]
    [Parameter(ParameterSetName = ReporterSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Record the three values into this reporter (Start-CwMetricReporter), which sends them at its next flush.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReporterSet)]
    [ValidateNotNull]
    public MetricReporter? Reporter { get; set; }

    /// <summary>Leave out the Host dimension (as CLOUDWATCHER_NO_HOST_DIMENSION=1 does).</summary>
    [Parameter(ParameterSetName = PublishSet)]
    public SwitchParameter NoHostDimension { get; set; }

    protected override string TargetNamespace => Namespace ?? _reporter?.Namespace ?? "";

    protected override bool LeaveOutHost => NoHostDimension;

    /// <summary>The code to run and time.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNull]
    public ScriptBlock ScriptBlock { get; set; } = null!;

    /// <summary>The name of the duration metric; the outcome counts are &lt;MetricName&gt;.Success and &lt;MetricName&gt;.Failure.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string MetricName { get; set; } = "";

    /// <summary>Dimensions of all three metrics ("Name:Value", hashtables, objects with Name and Value).</summary>
    [Parameter]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>Store per second (StorageResolution 1), for runs more frequent than a minute.</summary>
    [Parameter]
    public SwitchParameter HighResolution { get; set; }

    protected override void ProcessRecord()
    {
        MetricWriter? writer = null;
        if (Reporter is not null)
        {
            _reporter = LiveReporter(Reporter);
            WriteReporterNotices(_reporter);
        }
        else
        {
            writer = new MetricWriter(MetricAggregation.Values, ReadDimensionDefaults());
        }
        MetricSeriesKey duration, success, failure;
        try
        {
            var dimensions = Dimension ?? Array.Empty<Dimension>();
            MetricSeriesKey Series(string name, string unit) => _reporter is not null
                ? _reporter.Series(Namespace, name, dimensions, unit, HighResolution)
                : writer!.Series(TargetNamespace, name, dimensions, unit, HighResolution);
            duration = Series(MetricName, "Milliseconds");
            success = Series(MetricName + SuccessSuffix, "Count");
            failure = Series(MetricName + FailureSuffix, "Count");
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, ex.Target);
            return;
        }

        var started = DateTime.UtcNow;
        var (elapsed, thrown) = Run();
        var failed = thrown is not null && IsFailure(thrown);
        WriteVerbose($"The script block {(failed ? "failed" : "succeeded")} in {elapsed.TotalMilliseconds:0.###} ms.");

        var what = $"{MetricName} ({(failed ? "failure" : "success")}, {elapsed.TotalMilliseconds:0.###} ms)";
        if (_reporter is not null)
        {
            Record(_reporter, what, (duration, elapsed.TotalMilliseconds), (success, failed ? 0.0 : 1.0), (failure, failed ? 1.0 : 0.0), started);
        }
        else
        {
            WriteRejections(writer!.Add(duration, started, new[] { elapsed.TotalMilliseconds }));
            WriteRejections(writer.Add(success, started, new[] { failed ? 0.0 : 1.0 }));
            WriteRejections(writer.Add(failure, started, new[] { failed ? 1.0 : 0.0 }));
            var (_, fatal) = Publish(writer, $"Publish {what} to {TargetNamespace}");
            if (fatal is not null)
            {
                // The block's work is done; failing to record it is reported, not made the block's failure.
                WriteFailure(fatal, TargetNamespace);
            }
        }
        if (thrown is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(thrown).Throw();
        }
    }

    /// <summary>The run's three values into the reporter; a reporter that stopped meanwhile is an error record, not the block's failure.</summary>
    private void Record(Reporter reporter, string what, (MetricSeriesKey Series, double Value) duration, (MetricSeriesKey Series, double Value) success,
        (MetricSeriesKey Series, double Value) failure, DateTime started)
    {
        if (!ShouldProcess(reporter.Name, $"Record {what} into the metric reporter"))
        {
            return;
        }
        try
        {
            foreach (var (series, value) in new[] { duration, success, failure })
            {
                WriteRejections(reporter.Record(series, started, new[] { value }));
            }
        }
        catch (CloudWatcherException ex)
        {
            WriteFailure(ex, Reporter);
        }
    }

    /// <summary>
    /// Runs the block as a steppable pipeline of this command, <c>. $block | &amp; $passOn</c>: dot-sourced in the current
    /// scope (as if written in place), its output, errors and other streams written to this command's own pipes as
    /// they come (the records unchanged), so redirection, -ErrorAction and try/catch see them as they would without
    /// Measure-CwCommand. The pass-on stage times what the commands downstream take with each object (they run as it
    /// is written), which is not counted. Returns the time taken and the terminating error, if any.
    /// </summary>
    private (TimeSpan Elapsed, Exception? Thrown) Run()
    {
        var downstream = new Stopwatch();
        // Made per run: a script block is bound to the runspace it first runs in.
        var pipeline = ScriptBlock.Create(Wrapper).GetSteppablePipeline(CommandOrigin.Internal, new object[] { ScriptBlock, ScriptBlock.Create(PassOn), downstream });
        var total = Stopwatch.StartNew();
        Exception? thrown = null;
        try
        {
            pipeline.Begin(this);
            pipeline.End();
        }
        catch (Exception ex) when (ex is not PipelineStoppedException)
        {
            thrown = ex;
        }
        finally
        {
            pipeline.Dispose();
        }
        var elapsed = total.Elapsed - downstream.Elapsed;
        return (elapsed < TimeSpan.Zero ? TimeSpan.Zero : elapsed, thrown);
    }

    /// <summary>
    /// Whether what ended the block is a failure: any exception, but not a flow statement that leaves it (break,
    /// continue, exit 0); exit with another code is a failure.
    /// </summary>
    private static bool IsFailure(Exception thrown) => thrown switch
    {
        ExitException exit => !(exit.Argument is null || LanguagePrimitives.TryConvertTo<int>(exit.Argument, out var code) && code == 0),
        FlowControlException => false,
        _ => true,
    };

    private const string Wrapper = "param($Block, $PassOn, $Watch) . $Block | & $PassOn -Watch $Watch";

    /// <summary>Writes each object on as it is (never enumerated again), with the time the rest of the pipeline takes with it on the watch.</summary>
    private const string PassOn = """
        [CmdletBinding()]
        param([Parameter(ValueFromPipeline)] $InputObject, [System.Diagnostics.Stopwatch] $Watch)
        process { $Watch.Start(); $PSCmdlet.WriteObject($InputObject, $false); $Watch.Stop() }
        """;
}
