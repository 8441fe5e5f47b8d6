using CloudWatcher.Ports;

namespace CloudWatcher.Metrics;

/// <summary>
/// Turns what Get-CwMetric was given (presets, metrics from Find-CwMetric, or a namespace and metric name) into
/// queries: the caller's dimensions upserted into each metric's, one series per instance id and per statistic.
/// A dimension left without a value is an error that says how to give it.
/// </summary>
public sealed class SeriesPlanner
{
    public const string InstanceIdDimension = "InstanceId";

    private readonly List<string> _statistics;
    private readonly int _period;
    private readonly string? _unitFilter;
    private readonly IReadOnlyList<Dimension> _dimensions;
    private readonly IReadOnlyList<string> _instanceIds;
    private readonly List<MetricQuery> _queries = new();

    public SeriesPlanner(IEnumerable<string> statistics, int period, string? unit = null, IReadOnlyList<Dimension>? dimensions = null,
        IReadOnlyList<string>? instanceIds = null)
    {
        _statistics = statistics.Select(Statistics.Normalize).Distinct(StringComparer.Ordinal).ToList();
        if (_statistics.Count == 0)
        {
            throw new CloudWatcherException("InvalidStatistic", ErrorKind.InvalidInput, "Give at least one statistic, such as Maximum or p99.");
        }
        Periods.Validate(period);
        _period = period;
        _unitFilter = unit is null or "None" ? null : unit;
        _dimensions = dimensions ?? Array.Empty<Dimension>();
        _instanceIds = instanceIds ?? Array.Empty<string>();
    }

    public IReadOnlyList<MetricQuery> Queries => _queries;

    public void AddPreset(Preset preset) =>
        Add(new MetricIdentity(preset.Namespace, preset.MetricName, preset.Dimensions), preset.Unit, preset.Name, $"The preset '{preset.Name}'");

    public void AddMetric(string @namespace, string metricName, IReadOnlyList<Dimension> dimensions) =>
        Add(new MetricIdentity(@namespace, metricName, dimensions), null, null, $"The metric {@namespace}/{metricName}");

    private void Add(MetricIdentity metric, string? presetUnit, string? presetName, string what)
    {
        foreach (var dimensions in ExpandDimensions(metric.Dimensions, what))
        {
            foreach (var statistic in _statistics)
            {
                _queries.Add(new MetricStatQuery(metric with { Dimensions = dimensions }, statistic, _period)
                {
                    UnitFilter = _unitFilter,
                    DisplayUnit = _unitFilter ?? presetUnit,
                    PresetName = presetName,
                });
            }
        }
    }

    /// <summary>The metric's dimensions with the caller's upserted, once per instance id when ids are given.</summary>
    private IEnumerable<IReadOnlyList<Dimension>> ExpandDimensions(IReadOnlyList<Dimension> baseDimensions, string what)
    {
        var merged = Upsert(baseDimensions, _dimensions);
        if (_instanceIds.Count == 0)
        {
            yield return Require(merged, what);
            yield break;
        }
        foreach (var id in _instanceIds)
        {
            yield return Require(Upsert(merged, new[] { new Dimension(InstanceIdDimension, id) }), what);
        }
    }

    /// <summary>Replaces dimensions of the same name (case-sensitive, as CloudWatch is) and appends new ones.</summary>
    public static IReadOnlyList<Dimension> Upsert(IReadOnlyList<Dimension> dimensions, IReadOnlyList<Dimension> overrides)
    {
        var result = dimensions.ToList();
        foreach (var o in overrides)
        {
            var index = result.FindIndex(d => d.Name == o.Name);
            if (index >= 0)
            {
                result[index] = o;
            }
            else
            {
                result.Add(o);
            }
        }
        return result;
    }

    private static IReadOnlyList<Dimension> Require(IReadOnlyList<Dimension> dimensions, string what)
    {
        var open = dimensions.Where(d => string.IsNullOrEmpty(d.Value)).Select(d => d.Name).ToList();
        if (open.Count == 0)
        {
            return dimensions;
        }
        var hint = open.Contains(InstanceIdDimension)
            ? "give -InstanceId i-0123456789abcdef0"
            : $"give -Dimension '{open[0]}:<value>'";
        throw new CloudWatcherException("MissingDimensionValue", ErrorKind.InvalidInput,
            $"{what} needs a value for the dimension {string.Join(", ", open)}: {hint}.", what);
    }
}
