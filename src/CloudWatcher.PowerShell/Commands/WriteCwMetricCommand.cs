using System.Management.Automation;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Publishes custom metrics with PutMetricData: values from the pipeline or -Value, objects with MetricName, Value,
/// Unit, Timestamp and Dimensions properties, or TimedMetrics from Get-CwMetric (to copy a series into another
/// namespace). Values are aggregated (-Aggregate), cut into as few calls as the limits allow and sent when the input
/// ends; a value that cannot be sent is an error record of its own and the rest is sent. With -As Emf the data is
/// written as Embedded Metric Format events instead (to the pipeline, or to a log group); with -Reporter it is
/// recorded into a background reporter, which sends it at its next flush.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "CwMetric", SupportsShouldProcess = true, DefaultParameterSetName = ValueSet)]
[OutputType(typeof(MetricWriteSummary), typeof(string))]
public sealed class WriteCwMetricCommand : MetricWriteCmdlet
{
    private const string ValueSet = "Value";
    private const string SeriesSet = "TimedMetric";
    private const string ReporterValueSet = "ReporterValue";

    private readonly Dictionary<string, MetricSeriesKey> _series = new(StringComparer.Ordinal);
    private MetricWriter? _writer;
    private Reporter? _reporter;
    private long _recorded;
    private bool _declined;

    /// <summary>The namespace to publish to, e.g. MyApp (not AWS/…); with -Reporter, the reporter's unless given.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ValueSet)]
    [Parameter(Mandatory = true, ParameterSetName = SeriesSet)]
    [Parameter(ParameterSetName = ReporterValueSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string? Namespace { get; set; }

    /// <summary>Record the values into this reporter (Start-CwMetricReporter), which sends them at its next flush.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ReporterValueSet)]
    [ValidateNotNull]
    public MetricReporter? Reporter { get; set; }

    /// <summary>The metric's name; from the pipeline by property name, unless given here.</summary>
    [Parameter(ParameterSetName = ValueSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SeriesSet)]
    [Parameter(ParameterSetName = ReporterValueSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string? MetricName { get; set; }

    /// <summary>The values: from the pipeline (numbers, or the Value/Values property of objects) or given here.</summary>
    [Parameter(ParameterSetName = ValueSet, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ReporterValueSet, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Values")]
    [AllowEmptyCollection]
    [TextToValueTransformation(typeof(double[]))]
    public double[]? Value { get; set; }

    /// <summary>Series from Get-CwMetric, copied value by value at their timestamps.</summary>
    [Parameter(ParameterSetName = SeriesSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public TimedMetric[] InputObject { get; set; } = Array.Empty<TimedMetric>();

    /// <summary>A CloudWatch unit (Milliseconds, Bytes, Count/Second, …), matched case-insensitively.</summary>
    [Parameter(ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SeriesSet)]
    [Parameter(ParameterSetName = ReporterValueSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(UnitCompleter))]
    public string? Unit { get; set; }

    /// <summary>The metric's own dimensions ("Name:Value", hashtables, objects with Name and Value).</summary>
    [Parameter(ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SeriesSet)]
    [Parameter(ParameterSetName = ReporterValueSet, ValueFromPipelineByPropertyName = true)]
    [Alias("Dimensions")]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>When the values were observed (default: as they arrive); a DateTime without a kind is local time.</summary>
    [Parameter(ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = ReporterValueSet, ValueFromPipelineByPropertyName = true)]
    [TextToValueTransformation(typeof(DateTime))]
    public DateTime? Timestamp { get; set; }

    /// <summary>Store per second (StorageResolution 1), queryable at 1, 5, 10 and 30-second periods for 3 hours.</summary>
    [Parameter]
    public SwitchParameter HighResolution { get; set; }

    /// <summary>Values (distinct values with counts, the default), StatisticSet, or None (one datum per value).</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    public MetricAggregation Aggregate { get; set; } = MetricAggregation.Values;

    /// <summary>PutMetricData (the default), or Emf: Embedded Metric Format events, to the pipeline or to -LogGroupName.</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    public MetricFormat As { get; set; } = MetricFormat.PutMetricData;

    /// <summary>With -As Emf: write the events to this log group (through the log writer and its spool) instead of the pipeline.</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(LogGroupNameCompleter))]
    public string? LogGroupName { get; set; }

    /// <summary>With -LogGroupName: the log stream (default: this machine's name).</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    [ValidateNotNullOrEmpty]
    public string? LogStreamName { get; set; }

    /// <summary>With -LogGroupName: the spool folder (default CLOUDWATCHER_SPOOL_PATH, else CloudWatcher/spool in the local application data).</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    [ValidateNotNullOrEmpty]
    public string? SpoolPath { get; set; }

    /// <summary>Leave out the Host dimension (as CLOUDWATCHER_NO_HOST_DIMENSION=1 does).</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    public SwitchParameter NoHostDimension { get; set; }

    /// <summary>Write a MetricWriteSummary (values, series, datums, calls, rejected) when done.</summary>
    [Parameter(ParameterSetName = ValueSet)]
    [Parameter(ParameterSetName = SeriesSet)]
    public SwitchParameter PassThru { get; set; }

    protected override string TargetNamespace => Namespace ?? _reporter?.Namespace ?? "";

    protected override bool LeaveOutHost => NoHostDimension;

    // Not the parameter set's name: before pipeline input binds, PowerShell may report the default set while two remain.
    private bool ToReporter => Reporter is not null;

    protected override void BeginProcessing()
    {
        if (ToReporter)
        {
            _reporter = LiveReporter(Reporter!);
            WriteReporterNotices(_reporter);
            // Asked once for the whole input: under -WhatIf one line says where the values would go.
            _declined = !ShouldProcess(_reporter.Name, "Record values into the metric reporter");
        }
        else
        {
            _writer = new MetricWriter(Aggregate, ReadDimensionDefaults());
            CheckEmfParameters();
        }
        // What the command line fixes for every value is checked once, here, rather than once per value.
        var bound = MyInvocation.BoundParameters;
        try
        {
            if (Namespace is not null)
            {
                MetricSeriesKey.CheckNamespace(Namespace);
            }
            if (bound.ContainsKey(nameof(Unit)))
            {
                MetricUnits.Normalize(Unit);
            }
            // Before pipeline input binds, PowerShell may name either set: values unless -InputObject was given here.
            if (bound.ContainsKey(nameof(MetricName)) && !bound.ContainsKey(nameof(InputObject)))
            {
                SeriesFor(MetricName!, Dimension, Unit, withDefaults: true);
            }
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, ex.Target);
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName is SeriesSet)
        {
            foreach (var source in InputObject)
            {
                AddSeries(source);
            }
            return;
        }
        if (string.IsNullOrEmpty(MetricName))
        {
            WriteError(ErrorRecords.Create("MetricNameMissing", ErrorKind.InvalidInput,
                $"No metric name for the value(s) {string.Join(", ", Value ?? Array.Empty<double>())}. Give -MetricName, or pipe objects with a MetricName property.",
                Value));
            _writer?.CountRejected(Value?.Length ?? 0);
            return;
        }
        if (Value is null || Value.Length == 0)
        {
            WriteError(ErrorRecords.Create("MetricValueMissing", ErrorKind.InvalidInput,
                $"No value for the metric '{MetricName}'. Pipe numbers, give -Value, or pipe objects with a Value (or Values) property.", MetricName));
            return;
        }
        MetricSeriesKey series;
        try
        {
            series = SeriesFor(MetricName, Dimension, Unit, withDefaults: true);
        }
        catch (CloudWatcherException ex)
        {
            _writer?.CountRejected(Value.Length);
            WriteFailure(ex, ex.Target);
            return;
        }
        Add(series, Timestamp, Value);
    }

    protected override void EndProcessing()
    {
        if (_reporter is not null)
        {
            if (_declined)
            {
                return;
            }
            WriteVerbose($"Recorded {_recorded} value(s) into the metric reporter '{_reporter.Name}'; it sends them at its next flush ({_reporter.NextFlush:u}).");
            WriteReporterNotices(_reporter);
            return;
        }
        var (summary, fatal) = As == MetricFormat.Emf
            ? PublishEmf(_writer!, LogGroupName, LogStreamName, SpoolPath)
            : Publish(_writer!, $"Publish to {Namespace}");
        if (PassThru)
        {
            WriteObject(summary);
        }
        if (fatal is not null)
        {
            ThrowFailure(fatal, Namespace);
        }
    }

    /// <summary>Values into the writer, or into the reporter (under -WhatIf, only described).</summary>
    private void Add(MetricSeriesKey series, DateTime? timestamp, double[] values)
    {
        if (_reporter is null)
        {
            WriteRejections(_writer!.Add(series, timestamp, values));
            return;
        }
        if (_declined)
        {
            return;
        }
        try
        {
            WriteRejections(_reporter.Record(series, timestamp, values));
            _recorded += values.Length;
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, Reporter);
        }
    }

    /// <summary>-LogGroupName and -LogStreamName go with -As Emf; EMF carries values, so not statistic sets.</summary>
    private void CheckEmfParameters()
    {
        if (EmfParameterRules.FirstBroken(MyInvocation.BoundParameters, As, Aggregate, LogStreamName, "Values (the default) or None") is { } broken)
        {
            ThrowFailure(broken.Error, broken.Target);
        }
    }

    /// <summary>
    /// A series copied as it is: its own dimensions (no global or Host dimension is added, so the copy is the same
    /// series under the new namespace), -Dimension added or replacing, -MetricName and -Unit replacing, and high
    /// resolution for periods under a minute (else CloudWatch would fold them into minutes).
    /// </summary>
    private void AddSeries(TimedMetric source)
    {
        var name = MetricName ?? source.MetricName;
        var dimensions = source.Dimensions.Where(d => Dimension?.Any(o => o.Name == d.Name) != true).Concat(Dimension ?? Array.Empty<Dimension>()).ToList();
        MetricSeriesKey series;
        try
        {
            series = SeriesFor(name, dimensions, Unit ?? source.Unit, withDefaults: false, highResolution: HighResolution || source.Period < 60);
        }
        catch (CloudWatcherException ex)
        {
            _writer?.CountRejected(source.Count);
            WriteFailure(ex, source);
            return;
        }
        for (var i = 0; i < source.Count; i++)
        {
            Add(series, source.Timestamps[i], new[] { source.Values[i] });
        }
    }

    private MetricSeriesKey SeriesFor(string name, IReadOnlyList<Dimension>? dimensions, string? unit, bool withDefaults, bool? highResolution = null)
    {
        var dims = dimensions ?? Array.Empty<Dimension>();
        var key = string.Join("\u0001", new[] { name, unit ?? "", withDefaults ? "d" : "" }.Concat(dims.Select(d => d.Name + "\u0002" + d.Value)));
        var high = highResolution ?? HighResolution;
        key += high ? "\u0001h" : "";
        if (!_series.TryGetValue(key, out var series))
        {
            series = _reporter is not null
                ? withDefaults ? _reporter.Series(Namespace, name, dims, unit, high) : MetricSeriesKey.Create(TargetNamespace, name, dims, unit, high)
                : _writer!.Series(TargetNamespace, name, dims, unit, high, withDefaults: withDefaults);
            _series[key] = series;
        }
        return series;
    }
}
