using System.Management.Automation;
using CloudWatcher.Metrics;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Presets;
using CloudWatcher.Time;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Reads metric series with GetMetricData: from presets (by name or piped from Get-CwPreset) or an explicit
/// namespace and metric name, for one or more instances and statistics, in as few calls as the limits allow.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CwMetric", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(TimedMetric))]
[OutputType(typeof(MetricDatapoint))]
public sealed class GetCwMetricCommand : TimeRangeCmdlet
{
    private const string PresetSet = "Preset";
    private const string InputObjectSet = "InputObject";
    private const string MetricSet = "Metric";

    private SeriesPlanner? _planner;
    private PresetLoadResult? _catalog;

    [Parameter(ParameterSetName = PresetSet, Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PresetNameCompleter))]
    public string[] Preset { get; set; } = Array.Empty<string>();

    /// <summary>Extra preset folders for -Preset names (as Get-CwPreset -Path).</summary>
    [Parameter(ParameterSetName = PresetSet)]
    [ValidateNotNullOrEmpty]
    public string[]? PresetPath { get; set; }

    /// <summary>
    /// Presets from Get-CwPreset, metrics from Find-CwMetric, or any objects with Namespace, MetricName and
    /// (optionally) Dimensions properties. One parameter takes them all, so a Preset is never mistaken for a bare metric.
    /// </summary>
    [Parameter(ParameterSetName = InputObjectSet, Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject[] InputObject { get; set; } = Array.Empty<PSObject>();

    [Parameter(ParameterSetName = MetricSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(NamespaceCompleter))]
    public string Namespace { get; set; } = "";

    [Parameter(ParameterSetName = MetricSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(MetricNameCompleter))]
    public string MetricName { get; set; } = "";

    /// <summary>Dimensions; they replace preset dimensions of the same name and add new ones.</summary>
    [Parameter]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>Values for the InstanceId dimension (any value CloudWatch takes); each is its own series.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidateLength(1, 1024)]
    public string[]? InstanceId { get; set; }

    [Parameter]
    [ValidateRange(0, 455)]
    public double Days { get; set; }

    [Parameter]
    [ValidateRange(0, 455 * 24)]
    public double Hours { get; set; }

    [Parameter]
    [ValidateRange(0, 455 * 24 * 60)]
    public double Minutes { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StatisticCompleter))]
    public string[] Statistic { get; set; } = { "Maximum" };

    [Parameter]
    [ValidatePeriod]
    public int Period { get; set; } = 60;

    /// <summary>Only data stored with this unit (sent to CloudWatch as a filter).</summary>
    [Parameter]
    [ValidateSet("Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None")]
    public string? Unit { get; set; }

    /// <summary>One object per datapoint instead of one per series.</summary>
    [Parameter]
    public SwitchParameter AsDatapoint { get; set; }

    /// <summary>Keep the GetMetricData responses on each series (RawResponses), for Export-CwMetric -Format Response.</summary>
    [Parameter]
    public SwitchParameter IncludeRawResponse { get; set; }

    protected override void BeginProcessing()
    {
        InstanceIds.WarnUnlessEc2Like(this, InstanceId);
        try
        {
            _planner = new SeriesPlanner(Statistic, Period, Unit, Dimension, InstanceId);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, null);
        }
        if (ParameterSetName == PresetSet)
        {
            var extra = (PresetPath ?? Array.Empty<string>()).Select(p => ResolveFileSystemPath(p, "PresetPath")).ToList();
            _catalog = new PresetCatalog(ModulePaths.BuiltInPresets).Load(extra);
            // A broken file or a missing folder elsewhere does not stop a query of a good preset: a warning each, once.
            foreach (var error in _catalog.Errors)
            {
                WriteWarning($"Ignored: {error.Exception.Message}");
            }
        }
    }

    protected override void ProcessRecord()
    {
        switch (ParameterSetName)
        {
            case PresetSet:
                foreach (var name in Preset)
                {
                    if (_catalog!.Find(name) is { } preset)
                    {
                        Plan(() => _planner!.AddPreset(preset), name);
                    }
                    else if (_catalog.FindError(name) is { } broken)
                    {
                        // Asking for the broken preset itself is the error.
                        WriteFailure(broken.Exception, broken.Path);
                    }
                    else
                    {
                        WriteError(ErrorRecords.Create("PresetNotFound", ErrorKind.NotFound,
                            $"There is no preset named '{name}'. Run Get-CwPreset to list them, or add a folder with -PresetPath.", name));
                    }
                }
                break;
            case InputObjectSet:
                foreach (var item in InputObject)
                {
                    AddInput(item);
                }
                break;
            default:
                Plan(() => _planner!.AddMetric(Namespace, MetricName, Array.Empty<Dimension>()), MetricName);
                break;
        }
    }

    protected override void EndProcessing()
    {
        var queries = _planner?.Queries ?? Array.Empty<MetricQuery>();
        if (queries.Count == 0)
        {
            return;
        }
        var now = DateTime.UtcNow;
        TimeSpan? span = Days > 0 || Hours > 0 || Minutes > 0
            ? TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes)
            : null;
        try
        {
            var range = TimeResolver.ResolveRange(BuildTimeInput(span, "-Days/-Hours/-Minutes"), now, TimeRange.DefaultSpan);
            foreach (var period in queries.Select(q => q.Period).Distinct())
            {
                if (Periods.FindRetentionGap(period, range, now) is { } gap)
                {
                    WriteWarning(gap.FinestPeriod is int finest
                        ? $"{gap.Reason} Use -Period {finest} (or a multiple of it) for data over the whole range."
                        : gap.Reason);
                }
            }
            WriteVerbose($"Reading {queries.Count} series from {range.Start:u} to {range.End:u}.");
            var calls = 0;
            foreach (var batch in Enumerate(new MetricReader(GetSession().MetricRead, Sink).ReadAsync(queries, range, IncludeRawResponse, CancellationToken)))
            {
                calls += batch.CallsMade;
                foreach (var series in batch.Series)
                {
                    if (AsDatapoint)
                    {
                        foreach (var point in series.ToDatapoints())
                        {
                            WriteObject(point);
                        }
                    }
                    else
                    {
                        WriteObject(series);
                    }
                }
            }
            WriteVerbose($"{calls} GetMetricData call(s) for {queries.Count} series.");
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, null);
        }
    }

    private void AddInput(PSObject item)
    {
        switch (item.BaseObject)
        {
            case Preset preset:
                Plan(() => _planner!.AddPreset(preset), preset.Name);
                return;
            case MetricInfo metric:
                Plan(() => _planner!.AddMetric(metric.Namespace, metric.MetricName, metric.Dimensions), metric);
                return;
            case string name:
                WriteError(ErrorRecords.Create("InputNotAMetric", ErrorKind.InvalidInput,
                    $"Piped text '{name}' is not a metric. Give preset names with -Preset, or pipe Get-CwPreset or Find-CwMetric output.", name));
                return;
        }
        var ns = item.Properties["Namespace"]?.Value?.ToString();
        var metricName = item.Properties["MetricName"]?.Value?.ToString();
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(metricName))
        {
            WriteError(ErrorRecords.Create("InputNotAMetric", ErrorKind.InvalidInput,
                $"The piped object '{item}' has no Namespace and MetricName properties. Pipe Get-CwPreset or Find-CwMetric output, or objects with those properties.", item));
            return;
        }
        Dimension[] dimensions;
        try
        {
            dimensions = item.Properties["Dimensions"]?.Value is { } raw ? DimensionTransformationAttribute.Convert(raw) : Array.Empty<Dimension>();
        }
        catch (ArgumentTransformationMetadataException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidDimension", ErrorCategory.InvalidArgument, item));
            return;
        }
        Plan(() => _planner!.AddMetric(ns, metricName, dimensions), item);
    }

    /// <summary>Adds series; a series that cannot be planned (a dimension without a value) is reported and the rest go on.</summary>
    private void Plan(Action add, object target)
    {
        try
        {
            add();
        }
        catch (CloudWatcherException ex)
        {
            WriteFailure(ex, target);
        }
    }
}
