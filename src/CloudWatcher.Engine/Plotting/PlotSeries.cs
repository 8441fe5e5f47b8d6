using CloudWatcher.Metrics;

namespace CloudWatcher.Plotting;

/// <summary>A series ready to draw: finite values in axis units, x as OLE automation dates (UTC), grouped by unit.</summary>
internal sealed class PlotSeries
{
    private PlotSeries(string label, string unitKey, double[] xs, double[] ys, int period)
    {
        Label = label;
        UnitKey = unitKey;
        Xs = xs;
        Ys = ys;
        Period = period;
    }

    public string Label { get; }

    /// <summary>The CloudWatch unit, with null, "" and "None" all as "".</summary>
    public string UnitKey { get; }

    public double[] Xs { get; }

    /// <summary>Raw values until <see cref="UnitGroup.Scale"/> divides them for the axis.</summary>
    public double[] Ys { get; }

    public int Period { get; }

    public int Count => Ys.Length;

    public static string DisplayLabel(TimedMetric metric) =>
        !string.IsNullOrWhiteSpace(metric.Label) ? metric.Label
        : !string.IsNullOrWhiteSpace(metric.MetricName) ? metric.MetricName
        : metric.Id;

    /// <summary>The series worth drawing; a warning for each one (or each part) left out.</summary>
    public static List<PlotSeries> Prepare(IReadOnlyList<TimedMetric> metrics, List<string> warnings)
    {
        var prepared = new List<PlotSeries>(metrics.Count);
        foreach (var metric in metrics)
        {
            var label = DisplayLabel(metric);
            if (metric.Count == 0)
            {
                warnings.Add($"Series '{label}' has no data and is left out of the plot.");
                continue;
            }
            var series = FromMetric(metric, label, out var dropped);
            if (dropped > 0)
            {
                warnings.Add($"Series '{label}' has {dropped} value(s) that are not finite numbers; they are left out of the plot.");
            }
            if (series.Count == 0)
            {
                warnings.Add($"Series '{label}' has no plottable data and is left out of the plot.");
                continue;
            }
            prepared.Add(series);
        }
        return prepared;
    }

    private static PlotSeries FromMetric(TimedMetric metric, string label, out int dropped)
    {
        var timestamps = metric.Timestamps;
        var values = metric.Values;
        var xs = new double[values.Count];
        var ys = new double[values.Count];
        var n = 0;
        var ascending = true;
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            if (!double.IsFinite(v))
            {
                continue;
            }
            var x = ToUtc(timestamps[i]).ToOADate();
            if (n > 0 && x < xs[n - 1])
            {
                ascending = false;
            }
            xs[n] = x;
            ys[n] = v;
            n++;
        }
        dropped = values.Count - n;
        if (n < xs.Length)
        {
            Array.Resize(ref xs, n);
            Array.Resize(ref ys, n);
        }
        if (!ascending)
        {
            // The signal plot needs ascending x; CloudWatch's default order is newest first.
            Array.Sort(xs, ys);
        }
        var unit = metric.Unit is null or "" or "None" ? "" : metric.Unit;
        return new PlotSeries(label, unit, xs, ys, metric.Period);
    }

    // Unspecified is what CloudWatch data becomes after a round trip through CSV: it was UTC.
    private static DateTime ToUtc(DateTime time) => time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
}

/// <summary>Series sharing one unit, and so one axis scale ("GiB" for bytes up to a few TiB).</summary>
internal sealed class UnitGroup
{
    public UnitGroup(string unitKey, List<PlotSeries> series)
    {
        UnitKey = unitKey;
        Series = series;
        var maxAbs = 0.0;
        foreach (var s in series)
        {
            foreach (var v in s.Ys)
            {
                maxAbs = Math.Max(maxAbs, Math.Abs(v));
            }
        }
        (Divisor, UnitLabel) = UnitFormatter.AxisScale(maxAbs, unitKey == "" ? null : unitKey);
    }

    public string UnitKey { get; }

    public List<PlotSeries> Series { get; }

    public double Divisor { get; }

    /// <summary>"GiB", "%", "Count"; "" when the unit is unknown.</summary>
    public string UnitLabel { get; }

    /// <summary>"mem_used (GiB)" for a lone series, else the unit, else "Value".</summary>
    public string AxisLabel =>
        Series.Count == 1
            ? (UnitLabel == "" ? Series[0].Label : $"{Series[0].Label} ({UnitLabel})")
            : (UnitLabel == "" ? "Value" : UnitLabel);

    public string UnitOrValue => UnitLabel == "" ? "Value" : UnitLabel;

    public void Scale()
    {
        if (Divisor == 1)
        {
            return;
        }
        foreach (var s in Series)
        {
            var ys = s.Ys;
            for (var i = 0; i < ys.Length; i++)
            {
                ys[i] /= Divisor;
            }
        }
    }

    public static List<UnitGroup> ByUnit(IEnumerable<PlotSeries> series) =>
        series.GroupBy(s => s.UnitKey, StringComparer.Ordinal)
            .Select(g => new UnitGroup(g.Key, g.ToList()))
            .ToList();
}
