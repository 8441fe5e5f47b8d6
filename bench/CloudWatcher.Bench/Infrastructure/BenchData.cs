using System.Globalization;
using CloudWatcher.Emulator;
using CloudWatcher.Emulator.Metrics;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>The data every scenario reads, loaded straight into the emulator's stores.</summary>
internal sealed class BenchData
{
    public const string OneStreamGroup = "/bench/logs/one";
    public const string OneStreamName = "app";
    public const string ManyStreamsGroup = "/bench/logs/many";
    public const string MemoryGroup = "/bench/logs/memory";
    public const string MemoryStream = "app";
    public const string MetricNamespace = "Bench/Load";
    public const string MetricName = "Requests";
    public const string WireNamespace = "Bench/Wire";

    public required string[] ManyStreamNames { get; init; }
    public required string[] InstanceIds { get; init; }
    public required DateTime MetricStart { get; init; }
    public required DateTime MetricEnd { get; init; }
    public required long MetricPoints { get; init; }

    private static readonly string[] Levels = { "INFO", "INFO", "INFO", "DEBUG", "WARN", "INFO", "ERROR", "INFO" };

    /// <summary>A ~100-byte line like a service log: level, worker, job, duration (so a 1 MB page holds ~8,000 events).</summary>
    public static string Message(long i) => string.Create(CultureInfo.InvariantCulture,
        $"{Levels[i % Levels.Length]} worker-{i % 7} processed job {i:D9} for tenant t-{i % 113:D3} in {i % 997} ms status=ok bytes={i * 37 % 65536}");

    /// <summary>
    /// The wire-parse data: <paramref name="series"/> series of <paramref name="perSeries"/> one-minute points ending at
    /// the last whole minute, in their own namespace; returns the query that reads them in one GetMetricData answer.
    /// </summary>
    public static Raw.RawMetricReader.Query LoadWireSeries(EmulatorServer emulator, int series, int perSeries)
    {
        var now = DateTime.UtcNow;
        var end = new DateTime(now.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var start = end.AddMinutes(-perSeries);
        var startMs = new DateTimeOffset(start).ToUnixTimeMilliseconds();
        var ids = Enumerable.Range(1, series).Select(k => "i-" + k.ToString("x17", CultureInfo.InvariantCulture)).ToArray();
        foreach (var id in ids)
        {
            var dims = new[] { new KeyValuePair<string, string>("InstanceId", id) };
            for (var p = 0; p < perSeries; p++)
            {
                var v = 100 + 50 * Math.Sin(p / 90.0) + p % 13;
                emulator.Metrics.Put(WireNamespace, MetricName, dims, new Datapoint(startMs + p * 60_000L, "Count", 1, v, v, v));
            }
        }
        return new Raw.RawMetricReader.Query(WireNamespace, MetricName, ids, start, end, 60, "Average");
    }

    public static BenchData Load(EmulatorServer emulator, BenchSettings settings, bool memoryStream)
    {
        var now = DateTimeOffset.UtcNow;
        var logStart = now.AddDays(-2).ToUnixTimeMilliseconds();

        // One stream: one event every 10 ms.
        emulator.Logs.AppendGenerated(OneStreamGroup, OneStreamName, settings.OneStreamEvents, logStart, 10, Message);

        // Many streams: interleaved, each stream every GroupStreams*10 ms, offset by its index.
        var perStream = settings.GroupEvents / settings.GroupStreams;
        var streams = Enumerable.Range(0, settings.GroupStreams).Select(k => $"app-{k:D2}").ToArray();
        for (var k = 0; k < streams.Length; k++)
        {
            var offset = k;
            emulator.Logs.AppendGenerated(ManyStreamsGroup, streams[k], perStream, logStart + k * 10, settings.GroupStreams * 10L,
                i => Message(i * streams.Length + offset));
        }

        if (memoryStream)
        {
            emulator.Logs.AppendGenerated(MemoryGroup, MemoryStream, settings.MemoryEvents, logStart, 1, Message);
        }

        // Metrics: series × days × one point a minute, ending at the last whole minute.
        var end = new DateTime(now.UtcDateTime.Ticks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, DateTimeKind.Utc);
        var start = end.AddDays(-settings.MetricDays);
        var perSeries = settings.MetricDays * 24 * 60;
        var ids = Enumerable.Range(1, settings.MetricSeries).Select(k => "i-" + k.ToString("x17", CultureInfo.InvariantCulture)).ToArray();
        var startMs = new DateTimeOffset(start).ToUnixTimeMilliseconds();
        foreach (var id in ids)
        {
            var dims = new[] { new KeyValuePair<string, string>("InstanceId", id) };
            var series = emulator.Metrics.GetOrAdd(MetricNamespace, MetricName, dims);
            for (var p = 0; p < perSeries; p++)
            {
                var v = 100 + 50 * Math.Sin(p / 90.0) + p % 13;
                emulator.Metrics.Put(MetricNamespace, MetricName, dims, new Datapoint(startMs + p * 60_000L, "Count", 1, v, v, v));
            }
            _ = series;
        }

        return new BenchData
        {
            ManyStreamNames = streams,
            InstanceIds = ids,
            MetricStart = start,
            MetricEnd = end,
            MetricPoints = (long)perSeries * ids.Length,
        };
    }
}
