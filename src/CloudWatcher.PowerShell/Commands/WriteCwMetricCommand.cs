using System.Management.Automation;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Publishes custom metrics with PutMetricData: values from the pipeline or -Value, objects with MetricName, Value,
/// Unit, Timestamp and Dimensions properties, or TimedMetrics from Get-CwMetric (to copy a series into another
/// namespace). Values are aggregated (-Aggregate), cut into as few calls as the limits allow and sent when the input
/// ends; a value that cannot be sent is an error record of its own and the rest is sent.
/// </summary>
[Cmdlet(VerbsCommunications.Write, "CwMetric", SupportsShouldProcess = true, DefaultParameterSetName = ValueSet)]
[OutputType(typeof(MetricWriteSummary))]
public sealed class WriteCwMetricCommand : MetricWriteCmdlet
{
    private const string ValueSet = "Value";
    private const string SeriesSet = "TimedMetric";

    private readonly Dictionary<string, MetricSeriesKey> _series = new(StringComparer.Ordinal);
    private MetricWriter? _writer;

    /// <summary>The metric's name; from the pipeline by property name, unless given here.</summary>
    [Parameter(ParameterSetName = ValueSet, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SeriesSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string? MetricName { get; set; }

    /// <summary>The values: from the pipeline (numbers, or the Value/Values property of objects) or given here.</summary>
    [Parameter(ParameterSetName = ValueSet, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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
    [ArgumentCompleter(typeof(UnitCompleter))]
    public string? Unit { get; set; }

    /// <summary>The metric's own dimensions ("Name:Value", hashtables, objects with Name and Value).</summary>
    [Parameter(ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    [Parameter(ParameterSetName = SeriesSet)]
    [Alias("Dimensions")]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>When the values were observed (default: as they arrive); a DateTime without a kind is local time.</summary>
    [Parameter(ParameterSetName = ValueSet, ValueFromPipelineByPropertyName = true)]
    [TextToValueTransformation(typeof(DateTime))]
    public DateTime? Timestamp { get; set; }

    /// <summary>Store per second (StorageResolution 1), queryable at 1, 5, 10 and 30-second periods for 3 hours.</summary>
    [Parameter]
    public SwitchParameter HighResolution { get; set; }

    /// <summary>Values (distinct values with counts, the default), StatisticSet, or None (one datum per value).</summary>
    [Parameter]
    public MetricAggregation Aggregate { get; set; } = MetricAggregation.Values;

    /// <summary>Write a MetricWriteSummary (values, series, datums, calls, rejected) when done.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void BeginProcessing()
    {
        _writer = new MetricWriter(Aggregate, ReadDimensionDefaults());
        // What the command line fixes for every value is checked once, here, rather than once per value.
        var bound = MyInvocation.BoundParameters;
        try
        {
            if (bound.ContainsKey(nameof(Unit)))
            {
                MetricUnits.Normalize(Unit);
            }
            if (ParameterSetName == ValueSet && bound.ContainsKey(nameof(MetricName)))
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
        if (ParameterSetName == SeriesSet)
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
            _writer!.CountRejected(Value?.Length ?? 0);
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
            _writer!.CountRejected(Value.Length);
            WriteFailure(ex, ex.Target);
            return;
        }
        WriteRejections(_writer!.Add(series, Timestamp, Value));
    }

    protected override void EndProcessing()
    {
        var (summary, fatal) = Publish(_writer!, $"Publish to {Namespace}");
        if (PassThru)
        {
            WriteObject(summary);
        }
        if (fatal is not null)
        {
            ThrowFailure(fatal, Namespace);
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
            _writer!.CountRejected(source.Count);
            WriteFailure(ex, source);
            return;
        }
        for (var i = 0; i < source.Count; i++)
        {
            WriteRejections(_writer!.Add(series, source.Timestamps[i], new[] { source.Values[i] }));
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
            series = _writer!.Series(Namespace, name, dims, unit, high, withDefaults: withDefaults);
            _series[key] = series;
        }
        return series;
    }
}
