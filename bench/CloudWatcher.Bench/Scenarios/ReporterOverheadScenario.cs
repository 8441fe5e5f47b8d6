using System.Diagnostics;
using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Emulator;
using CloudWatcher.Metrics.Publishing;
using CloudWatcher.Metrics.Reporting;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// What recording into a metric reporter costs: nanoseconds per value through the engine's Reporter.Record (the call
/// Write-CwMetric -Reporter makes, 20 series, values repeating as latencies do) and through the cmdlet in a hosted
/// engine; and the memory bound: a million distinct values recorded while every send fails, with the pending limit at
/// its default (100,000 entries), must keep Pending at or under the limit and the managed heap growth bounded.
/// </summary>
internal sealed class ReporterOverheadScenario
{
    private const double GoalNs = 1_000;
    private const double GoalMb = 64;
    private readonly EmulatorServer _emulator;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public ReporterOverheadScenario(EmulatorServer emulator, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _settings = settings;
        _table = table;
    }

    public async Task RunAsync()
    {
        var values = _settings.Quick ? 200_000 : 5_000_000;
        Console.WriteLine($"  Reporter.Record, {N(values)} values over 20 series");
        var series = Enumerable.Range(0, 20).Select(i => MetricSeriesKey.Create("Bench/Reporter", $"Latency{i}", Array.Empty<Dimension>(), "Milliseconds", false)).ToArray();
        var runs = new List<double>();
        for (var run = 0; run < (_settings.Quick ? 1 : 5); run++)
        {
            await using var reporter = new Reporter(run + 1, new ReporterOptions("bench", "Bench/Reporter") { Interval = TimeSpan.FromHours(1) }, new DiscardOutput());
            var one = new double[1];
            var now = DateTime.UtcNow;
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < values; i++)
            {
                one[0] = i % 500;
                reporter.Record(series[i % 20], now, one);
            }
            runs.Add(sw.Elapsed.TotalMilliseconds * 1e6 / values);
        }
        var ns = Measure.Median(runs);
        // The raw floor: the same counts kept in a locked dictionary by (series, value), nothing else.
        var rawRuns = new List<double>();
        for (var run = 0; run < (_settings.Quick ? 1 : 5); run++)
        {
            var counts = new Dictionary<(MetricSeriesKey, double), long>();
            var gate = new object();
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < values; i++)
            {
                lock (gate)
                {
                    var key = (series[i % 20], (double)(i % 500));
                    counts[key] = counts.GetValueOrDefault(key) + 1;
                }
            }
            rawRuns.Add(sw.Elapsed.TotalMilliseconds * 1e6 / values);
        }
        var raw = Measure.Median(rawRuns);
        _table.Add(new ResultRow("Reporter: engine cost per recorded value (Reporter.Record, 20 series)",
            ns.ToString("0", CultureInfo.InvariantCulture) + " ns", raw.ToString("0", CultureInfo.InvariantCulture) + " ns (locked dictionary)",
            (ns / raw).ToString("0.0", CultureInfo.InvariantCulture) + "×", $"< {GoalNs:0} ns", ns < GoalNs));

        var cmdletValues = _settings.Quick ? 20_000 : 200_000;
        Console.WriteLine($"  Write-CwMetric -Reporter, {N(cmdletValues)} piped values, hosted engine");
        using (var engine = new HostedEngine(_emulator.Endpoint))
        {
            engine.Run("$r = Start-CwMetricReporter -Namespace Bench/ReporterCmdlet -IntervalSeconds 3600 -NoHostDimension");
            engine.Run("1..1000 | Write-CwMetric -Reporter $r -MetricName Warm");
            var baseline = Measure.Milliseconds(() => engine.Run($"1..{cmdletValues} | ForEach-Object {{ $_ % 500 }} | Out-Null"));
            var cmdlet = Measure.Milliseconds(() => engine.Run($"1..{cmdletValues} | ForEach-Object {{ $_ % 500 }} | Write-CwMetric -Reporter $r -MetricName Latency"));
            engine.Run("Stop-CwMetricReporter $r");
            var perValue = (cmdlet - baseline) * 1e6 / cmdletValues;
            _table.Note($"Reporter through the cmdlet: `… | Write-CwMetric -Reporter $r` costs {perValue:0} ns a piped value beyond the same pipeline into Out-Null " +
                        $"({cmdlet:0} ms against {baseline:0} ms for {N(cmdletValues)} values): PowerShell's parameter binding per pipeline item dominates; " +
                        $"-Value with an array records many values in one binding.");
        }

        var distinct = _settings.Quick ? 200_000 : 1_000_000;
        Console.WriteLine($"  Memory bound: {N(distinct)} distinct values, every send failing");
        Measure.Settle();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long pending, dropped, held;
        await using (var reporter = new Reporter(99, new ReporterOptions("bound", "Bench/Reporter") { Interval = TimeSpan.FromHours(1) }, new FailingOutput()))
        {
            var one = new double[1];
            var now = DateTime.UtcNow;
            for (var i = 0; i < distinct; i++)
            {
                one[0] = i;
                reporter.Record(series[i % 20], now, one);
                if (i == distinct / 2)
                {
                    await reporter.FlushAsync(CancellationToken.None); // fails: what it held is kept, within the limit
                }
            }
            pending = reporter.Pending;
            dropped = reporter.Dropped;
            held = GC.GetTotalMemory(forceFullCollection: true) - before;
        }
        var heldMb = held / 1048576.0;
        _table.Add(new ResultRow($"Reporter: memory held with {N(distinct)} distinct values unsent (pending limit {N(ReporterOptions.DefaultPendingLimit)} entries)",
            heldMb.ToString("0.0", CultureInfo.InvariantCulture) + " MB", "—", "—", $"< {GoalMb:0} MB, Pending ≤ limit",
            heldMb < GoalMb && pending <= ReporterOptions.DefaultPendingLimit));
        _table.Note($"Reporter memory bound: Pending {N(pending)} (limit {N(ReporterOptions.DefaultPendingLimit)}), {N(dropped)} values dropped and counted, " +
                    $"{held / Math.Max(1.0, pending):0} bytes of managed heap per pending entry.");
    }

    /// <summary>Takes everything, sends nothing.</summary>
    private sealed class DiscardOutput : IReporterOutput
    {
        public MetricFormat Format => MetricFormat.PutMetricData;

        public string Destination => "nowhere";

        public Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken) =>
            Task.FromResult(new ReporterSendResult { ValuesSent = data.Sum(d => d.Values), DatumsSent = data.Count, Sends = 1, Calls = 1 });

        public Task<string?> CloseAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Fails every send, so the reporter must hold and bound what it has.</summary>
    private sealed class FailingOutput : IReporterOutput
    {
        public MetricFormat Format => MetricFormat.PutMetricData;

        public string Destination => "a failing endpoint";

        public Task<ReporterSendResult> SendAsync(IReadOnlyList<PendingDatum> data, CancellationToken cancellationToken)
        {
            var result = new ReporterSendResult { Sends = 1, FailedSends = 1 };
            result.NotSent(data, new CloudWatcherException("BenchFailure", ErrorKind.Unavailable, "failing on purpose"));
            return Task.FromResult(result);
        }

        public Task<string?> CloseAsync(CancellationToken cancellationToken) => Task.FromResult<string?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
