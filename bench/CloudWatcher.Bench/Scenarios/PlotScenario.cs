using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Plotting;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Rendering time of MetricPlotter.Render (the engine call Export-CwMetricPlot makes, without the file write) to a PNG
/// and an SVG in memory at the cmdlet's default size, 1200×600: median of several runs after one warm-up.
/// </summary>
internal sealed class PlotScenario
{
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public PlotScenario(BenchSettings settings, ResultTable table)
    {
        _settings = settings;
        _table = table;
    }

    public void Run()
    {
        Measure(_settings.PlotSmallPoints, 60, 150, PlotFormat.Png);
        Measure(_settings.PlotLargePoints, 1, 1000, PlotFormat.Png);
        Measure(_settings.PlotSmallPoints, 60, null, PlotFormat.Svg);
        Measure(_settings.PlotLargePoints, 1, null, PlotFormat.Svg);
    }

    private void Measure(int points, int period, double? goalMs, PlotFormat format)
    {
        Console.WriteLine($"  MetricPlotter.Render, {N(points)} points, {format}");
        var metric = Series(points, period);
        var options = new PlotOptions();
        double Render()
        {
            using var image = new MemoryStream();
            return Infrastructure.Measure.Milliseconds(() => MetricPlotter.Render(new[] { metric }, options, format, image));
        }
        Render(); // warm-up: fonts, ScottPlot and Skia start-up
        var runs = new List<double>();
        for (var i = 0; i < _settings.PlotRuns; i++)
        {
            Infrastructure.Measure.Settle();
            runs.Add(Render());
        }
        var median = Infrastructure.Measure.Median(runs);
        _table.Add(new ResultRow($"Plot: {N(points)} points (MetricPlotter.Render → {format.ToString().ToUpperInvariant()} 1200×600)", Ms(median), "—", "—",
            goalMs is double goal ? $"≤ {goal.ToString("N0", CultureInfo.InvariantCulture)} ms" : "—", goalMs is double g ? median <= g : null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Plot {N(points)} points ({format}): median of {_settings.PlotRuns} after a warm-up; runs {string.Join(", ", runs.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))} ms."));
    }

    internal static TimedMetric Series(int points, int period)
    {
        var start = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        var times = new DateTime[points];
        var values = new double[points];
        for (var i = 0; i < points; i++)
        {
            times[i] = start.AddSeconds((double)i * period);
            values[i] = 4e9 + 1e9 * Math.Sin(i / 500.0) + (i * 7919 % 1000) * 1e5;
        }
        return new TimedMetric("q0", "mem_used", "Bench/Plot", "mem_used", new[] { new Dimension("InstanceId", "i-0123456789abcdef0") }, "Maximum", period, "Bytes", times, values, "Complete",
            Array.Empty<MetricMessage>(), times[0], times[^1].AddSeconds(period));
    }
}
