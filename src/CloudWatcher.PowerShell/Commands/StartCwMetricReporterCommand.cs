using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudWatcher.Lifetime;
using CloudWatcher.Logs.Writing;
using CloudWatcher.Logs.Writing.Spool;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Starts a background metric reporter: values recorded into it (Write-CwMetric -Reporter, Measure-CwCommand
/// -Reporter) are aggregated in memory per series and minute, and a background task sends them every interval, with
/// PutMetricData or as Embedded Metric Format events (to standard output or a log group). It stops, with a last flush,
/// on Stop-CwMetricReporter, when the module is removed, and when pwsh exits.
/// </summary>
[Cmdlet(VerbsLifecycle.Start, "CwMetricReporter", SupportsShouldProcess = true)]
[OutputType(typeof(MetricReporter))]
public sealed class StartCwMetricReporterCommand : AwsCmdlet
{
    /// <summary>The namespace values go to (a recording may name another).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    /// <summary>The reporter's name, unique among the running ones of this runspace (default: the namespace).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Seconds between flushes (default 60).</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int IntervalSeconds { get; set; } = 60;

    /// <summary>The reporter's dimensions: a metric's own win over them; they win over CLOUDWATCHER_DIMENSIONS and Host.</summary>
    [Parameter]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>Values (distinct values with counts, the default) or StatisticSet.</summary>
    [Parameter]
    [ValidateSet(nameof(MetricAggregation.Values), nameof(MetricAggregation.StatisticSet))]
    public MetricAggregation Aggregate { get; set; } = MetricAggregation.Values;

    /// <summary>The most entries (distinct values of a series in a minute) held unsent; beyond it the oldest are dropped and counted.</summary>
    [Parameter]
    [ValidateRange(10, 10_000_000)]
    public int PendingLimit { get; set; } = ReporterOptions.DefaultPendingLimit;

    /// <summary>Add the pwsh process's own metrics (Process.*) at each flush.</summary>
    [Parameter]
    public SwitchParameter IncludeProcessMetrics { get; set; }

    /// <summary>Add the reporter's own metrics (Reporter.*) about each flush.</summary>
    [Parameter]
    public SwitchParameter IncludeMetaMetrics { get; set; }

    /// <summary>PutMetricData (the default), or Emf: Embedded Metric Format events to standard output or -LogGroupName.</summary>
    [Parameter]
    public MetricFormat As { get; set; } = MetricFormat.PutMetricData;

    /// <summary>With -As Emf: write the events to this log group instead of standard output.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string? LogGroupName { get; set; }

    /// <summary>With -LogGroupName: the log stream (default: this machine's name).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? LogStreamName { get; set; }

    /// <summary>With -LogGroupName: the spool folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SpoolPath { get; set; }

    /// <summary>Leave out the Host dimension (as CLOUDWATCHER_NO_HOST_DIMENSION=1 does).</summary>
    [Parameter]
    public SwitchParameter NoHostDimension { get; set; }

    protected override void EndProcessing()
    {
        CheckParameters();
        var name = Name ?? Namespace;
        DimensionDefaults defaults;
        try
        {
            MetricSeriesKey.CheckNamespace(Namespace);
            defaults = DimensionDefaults.FromEnvironment(NoHostDimension);
            // The reporter's dimensions are checked once here, as a series would check them.
            MetricSeriesKey.Create(Namespace, "Check", defaults.Merge(Array.Empty<Dimension>(), Dimension ?? Array.Empty<Dimension>()), null, false);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, ex.Target ?? Namespace);
            return;
        }
        var where = As == MetricFormat.PutMetricData ? "PutMetricData" : LogGroupName is null ? "standard output" : $"{LogGroupName} / {LogStreamName ?? Environment.MachineName}";
        if (!ShouldProcess(name, $"Start a metric reporter for {Namespace}, flushing every {IntervalSeconds} s to {where}"))
        {
            return;
        }
        var directory = ReporterDirectory.Shared;
        var owner = ModuleLifetime.OwnerOf(Runspace.DefaultRunspace);
        if (directory.All(owner).FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } existing)
        {
            ThrowFailure(new CloudWatcherException("MetricReporterExists", ErrorKind.AlreadyExists,
                $"A metric reporter named '{existing.Name}' is running already (Id {existing.Id}, started {existing.Started:u}).", name)
            {
                RecommendedAction = $"Stop it first (Stop-CwMetricReporter -Name '{existing.Name}'), or give the new one another -Name.",
            }, name);
        }
        var output = CreateOutput();
        var options = new ReporterOptions(name, Namespace)
        {
            Interval = TimeSpan.FromSeconds(IntervalSeconds),
            Dimensions = Dimension ?? Array.Empty<Dimension>(),
            Defaults = defaults,
            Aggregation = Aggregate,
            PendingLimit = PendingLimit,
            ProcessMetrics = IncludeProcessMetrics,
            MetaMetrics = IncludeMetaMetrics,
        };
        var reporter = new Reporter(directory.NextId(), options, output);
        try
        {
            directory.Start(reporter, ObjectRegistry.Shared, owner);
        }
        catch (CloudWatcherException ex)
        {
            reporter.Dispose();
            ThrowFailure(ex, name);
        }
        WriteVerbose($"Metric reporter '{name}' (Id {reporter.Id}) started: {Namespace} to {output.Destination}, every {IntervalSeconds} s; the first flush at {reporter.NextFlush:u}.");
        WriteObject(reporter.View);
    }

    /// <summary>The output the reporter owns, with a session of its own (the command's ends with the command).</summary>
    private IReporterOutput CreateOutput()
    {
        if (As == MetricFormat.Emf && LogGroupName is null)
        {
            return new EmfTextOutput(Console.Out);
        }
        ICloudWatcherSession session;
        try
        {
            session = EngineServices.Sessions.Connect(BuildConnectionSettings());
        }
        catch (CloudWatcherConfigurationException ex)
        {
            ThrowFailure(ex, null);
            throw; // unreachable
        }
        WriteVerbose($"Connected: region {session.Region}, credentials from {session.CredentialSource}" + (session.Endpoint is null ? "." : $", endpoint {session.Endpoint}."));
        if (As == MetricFormat.PutMetricData)
        {
            return new PutMetricDataOutput(session.MetricWrite, null, null, session);
        }
        var options = new LogWriterOptions { SpoolPath = SpoolPath is null ? LogSpoolPath.Resolve(null) : ResolveFileSystemPath(SpoolPath, nameof(SpoolPath)) };
        return EmfLogOutput.Create(session, LogGroupName!, LogStreamName ?? Environment.MachineName, options, null, ownsSession: true);
    }

    private void CheckParameters()
    {
        if (EmfParameterRules.FirstBroken(MyInvocation.BoundParameters, As, Aggregate, LogStreamName, "Values (the default)") is { } broken)
        {
            ThrowFailure(broken.Error, broken.Target);
        }
    }
}
