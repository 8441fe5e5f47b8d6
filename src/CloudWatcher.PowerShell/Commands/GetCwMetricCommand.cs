using System.Management.Automation;
using CloudWatcher.Api;
using CloudWatcher.Metrics;
using CloudWatcher.PowerShell.Infrastructure;
using CloudWatcher.Presets;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>
/// Reads metric series with GetMetricData: from presets (by name or piped from Get-CwPreset) or an explicit
/// namespace and metric name, for one or more instances and statistics, in as few calls as the limits allow.
/// </summary>
[Cmdlet(VerbsCommon.Get, "CwMetric", DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(TimedMetric))]
[OutputType(typeof(MetricDatapoint))]
public sealed class GetCwMetricCommand : AwsCmdlet
{
    private const string PresetSet = "Preset";
    private const string InputObjectSet = "InputObject";
    private const string MetricSet = "Metric";
    private const int ProgressActivityId = 0x43570002;

    private readonly List<SeriesRequest> _series = new();
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
    public string Namespace { get; set; } = "";

    [Parameter(ParameterSetName = MetricSet, Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string MetricName { get; set; } = "";

    /// <summary>Dimensions; they replace preset dimensions of the same name and add new ones.</summary>
    [Parameter]
    [DimensionTransformation]
    public Dimension[]? Dimension { get; set; }

    /// <summary>Instance ids for the InstanceId dimension; each id is its own series.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ValidatePattern(@"^i-[0-9a-fA-F]{8,17}$")]
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

    /// <summary>"90s", "15m", "6h", "3d", "2w", or a date.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Since { get; set; }

    [Parameter]
    public DateTime? StartTime { get; set; }

    [Parameter]
    public DateTime? EndTime { get; set; }

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
        if (ParameterSetName == PresetSet)
        {
            var extra = (PresetPath ?? Array.Empty<string>()).Select(GetUnresolvedProviderPathFromPSPath).ToList();
            _catalog = new PresetCatalog(ModulePaths.BuiltInPresets).Load(extra);
            foreach (var error in _catalog.Errors)
            {
                WriteError(ErrorRecords.From(error.Exception, error.Path));
            }
        }
    }

    protected override void ProcessRecord()
    {
        try
        {
            switch (ParameterSetName)
            {
                case PresetSet:
                    foreach (var name in Preset)
                    {
                        var preset = _catalog!.Find(name);
                        if (preset is null)
                        {
                            WriteError(new ErrorRecord(new ItemNotFoundException($"There is no preset named '{name}'. Run Get-CwPreset to list them, or add a folder with -PresetPath."),
                                "PresetNotFound", ErrorCategory.ObjectNotFound, name));
                            continue;
                        }
                        AddPreset(preset);
                    }
                    break;
                case InputObjectSet:
                    foreach (var item in InputObject)
                    {
                        AddInput(item);
                    }
                    break;
                default:
                    AddSeries(new MetricIdentity(Namespace, MetricName, Array.Empty<Dimension>()), null, null, $"The metric {Namespace}/{MetricName}");
                    break;
            }
        }
        catch (ArgumentException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidSeries", ErrorCategory.InvalidArgument, ParameterSetName == MetricSet ? MetricName : Preset));
        }
        catch (ArgumentTransformationMetadataException ex)
        {
            WriteError(new ErrorRecord(ex, "InvalidDimension", ErrorCategory.InvalidArgument, InputObject));
        }
    }

    protected override void EndProcessing()
    {
        if (_series.Count == 0)
        {
            return;
        }
        TimeRange range;
        var now = DateTime.UtcNow;
        try
        {
            TimeSpan? relative = Days > 0 || Hours > 0 || Minutes > 0
                ? TimeSpan.FromDays(Days) + TimeSpan.FromHours(Hours) + TimeSpan.FromMinutes(Minutes)
                : null;
            range = TimeRange.Resolve(now, StartTime, EndTime, Since, relative);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            ThrowTerminatingError(new ErrorRecord(ex, "InvalidTimeRange", ErrorCategory.InvalidArgument, Since ?? (object?)StartTime));
            return;
        }
        foreach (var period in _series.Select(s => s.Period).Distinct())
        {
            if (Periods.RetentionWarning(period, range, now) is { } warning)
            {
                WriteWarning(warning);
            }
        }
        WriteVerbose($"Reading {_series.Count} series from {range.Start:u} to {range.End:u}.");

        var reader = new MetricReader(GetSession().CloudWatch);
        var batches = (_series.Count + MetricReader.MaxQueriesPerCall - 1) / MetricReader.MaxQueriesPerCall;
        var calls = 0;
        try
        {
            foreach (var batch in Enumerate(reader.ReadAsync(_series, range, IncludeRawResponse, CancellationToken)))
            {
                calls += batch.CallsMade;
                if (batches > 1 || batch.CallsMade > 1)
                {
                    WriteProgress(new ProgressRecord(ProgressActivityId, "Reading CloudWatch metrics",
                        $"Batch {batch.BatchNumber} of {batch.BatchCount}, {calls} GetMetricData calls")
                    {
                        PercentComplete = batch.BatchNumber * 100 / batch.BatchCount,
                    });
                }
                foreach (var warning in batch.Warnings)
                {
                    WriteWarning(warning);
                }
                foreach (var series in batch.Series)
                {
                    if (series.Count == 0)
                    {
                        WriteVerbose($"No data for '{series.Label}' in the range.");
                    }
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
        }
        catch (Exception ex) when (ex is CloudWatcherServiceException or ArgumentException or InvalidOperationException)
        {
            ThrowFailure(ex, null);
        }
        finally
        {
            if (batches > 1 || calls > 1)
            {
                WriteProgress(new ProgressRecord(ProgressActivityId, "Reading CloudWatch metrics", "Done") { RecordType = ProgressRecordType.Completed });
            }
        }
        WriteVerbose($"{calls} GetMetricData call(s) for {_series.Count} series.");
    }

    private void AddInput(PSObject item)
    {
        switch (item.BaseObject)
        {
            case Preset preset:
                AddPreset(preset);
                return;
            case MetricInfo metric:
                AddSeries(new MetricIdentity(metric.Namespace, metric.MetricName, metric.Dimensions), null, null, $"The metric {metric}");
                return;
            case string name:
                WriteError(new ErrorRecord(new ArgumentException($"Piped text '{name}' is not a metric. Give preset names with -Preset, or pipe Get-CwPreset or Find-CwMetric output."),
                    "InputNotAMetric", ErrorCategory.InvalidArgument, name));
                return;
        }
        var ns = item.Properties["Namespace"]?.Value?.ToString();
        var metricName = item.Properties["MetricName"]?.Value?.ToString();
        if (string.IsNullOrEmpty(ns) || string.IsNullOrEmpty(metricName))
        {
            WriteError(new ErrorRecord(new ArgumentException($"The piped object '{item}' has no Namespace and MetricName properties. Pipe Get-CwPreset or Find-CwMetric output, or objects with those properties."),
                "InputNotAMetric", ErrorCategory.InvalidArgument, item));
            return;
        }
        var dimensions = item.Properties["Dimensions"]?.Value is { } raw
            ? DimensionTransformationAttribute.Convert(raw)
            : Array.Empty<Dimension>();
        AddSeries(new MetricIdentity(ns, metricName, dimensions), null, null, $"The metric {ns}/{metricName}");
    }

    private void AddPreset(Preset preset) =>
        AddSeries(new MetricIdentity(preset.Namespace, preset.MetricName, preset.Dimensions), preset.Unit, preset.Name, $"The preset '{preset.Name}'");

    private void AddSeries(MetricIdentity metric, string? presetUnit, string? presetName, string what)
    {
        var statistics = Statistic.Select(CloudWatcher.Metrics.Statistics.Normalize).Distinct().ToList();
        var unitFilter = Unit is null or "None" ? null : Unit;
        foreach (var dimensions in SeriesBuilder.ExpandDimensions(metric.Dimensions, Dimension ?? Array.Empty<Dimension>(), InstanceId ?? Array.Empty<string>(), what))
        {
            foreach (var statistic in statistics)
            {
                _series.Add(new SeriesRequest(metric with { Dimensions = dimensions }, statistic, Period)
                {
                    UnitFilter = unitFilter,
                    DisplayUnit = unitFilter ?? presetUnit,
                    PresetName = presetName,
                });
            }
        }
    }
}
