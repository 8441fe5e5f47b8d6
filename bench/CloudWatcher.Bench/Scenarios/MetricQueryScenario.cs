using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Emulator;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Get-CwMetric for series × days × 60 s: GetMetricData calls (the emulator counts them) against the minimum the limits
/// allow, and time against a raw reader of the same pages.
/// </summary>
internal sealed class MetricQueryScenario
{
    private const int MaxDatapointsPerCall = 100_800;
    private const int MaxQueriesPerCall = 500;
    private readonly EmulatorServer _emulator;
    private readonly BenchData _data;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public MetricQueryScenario(EmulatorServer emulator, BenchData data, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _data = data;
        _settings = settings;
        _table = table;
    }

    public async Task RunAsync()
    {
        using var engine = new HostedEngine(_emulator.Endpoint);
        using var raw = new RawMetricReader(_emulator.Endpoint, new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region));
        engine.SetVariable("benchIds", _data.InstanceIds);
        engine.SetVariable("benchStart", _data.MetricStart);
        engine.SetVariable("benchEnd", _data.MetricEnd);
        var script = $"Get-CwMetric -Namespace '{BenchData.MetricNamespace}' -MetricName '{BenchData.MetricName}' -InstanceId $benchIds " +
                     "-StartTime $benchStart -EndTime $benchEnd -Period 60 -Statistic Average";
        var series = _data.InstanceIds.Length;
        Console.WriteLine($"  Get-CwMetric, {series} series × {_settings.MetricDays} d × 60 s");

        // Warm-up and check: every series, every point, and the calls one read takes.
        var before = _emulator.Stats.Count("GetMetricData");
        var counts = engine.Run($"$m = @({script}); $m.Count; $n = 0; foreach ($x in $m) {{ $n += $x.Count }}; $n");
        var calls = _emulator.Stats.Count("GetMetricData") - before;
        var seriesRead = Convert.ToInt64(counts[0].BaseObject, CultureInfo.InvariantCulture);
        var pointsRead = Convert.ToInt64(counts[1].BaseObject, CultureInfo.InvariantCulture);
        if (seriesRead != series || pointsRead != _data.MetricPoints)
        {
            throw new InvalidOperationException($"Get-CwMetric returned {seriesRead} series / {pointsRead} points; expected {series} / {_data.MetricPoints}.");
        }
        var (rawPoints, rawCalls) = await Read(raw);
        if (rawPoints != _data.MetricPoints)
        {
            throw new InvalidOperationException($"The raw metric reader read {rawPoints} points; expected {_data.MetricPoints}.");
        }

        var minimum = Math.Max((int)Math.Ceiling(_data.MetricPoints / (double)MaxDatapointsPerCall), (int)Math.Ceiling(series / (double)MaxQueriesPerCall));
        _table.Add(new ResultRow($"Metric query: GetMetricData calls, {series} series × {_settings.MetricDays} d × 60 s = {N(_data.MetricPoints)} points",
            N(calls), $"minimum {minimum} (raw reader: {rawCalls})", X((double)calls / minimum), "calls = minimum", calls == minimum));

        var cw = new List<double>();
        var rw = new List<double>();
        for (var run = 0; run < _settings.Runs; run++)
        {
            Measure.Settle();
            cw.Add(Measure.Milliseconds(() => engine.Run(script + " | Out-Null")));
            Measure.Settle();
            rw.Add(await Measure.MillisecondsAsync(() => Read(raw)));
        }
        var cwMs = Measure.Median(cw);
        var rawMs = Measure.Median(rw);
        _table.Add(new ResultRow($"Metric query: time (Get-CwMetric | Out-Null)", Ms(cwMs), "raw " + Ms(rawMs), X(cwMs / rawMs) + " the time", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Metric query: median of {_settings.Runs} runs; the raw reader sends the same {series} queries in one signed awsQuery POST per page and counts <Values> members with XmlReader."));
    }

    private Task<(long Points, int Calls)> Read(RawMetricReader raw) =>
        raw.ReadAsync(BenchData.MetricNamespace, BenchData.MetricName, _data.InstanceIds, _data.MetricStart, _data.MetricEnd, 60, "Average");
}
