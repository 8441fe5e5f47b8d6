using System.Globalization;
using CloudWatcher.Emulator.Ec2;
using CloudWatcher.Emulator.Logs;
using CloudWatcher.Emulator.Metrics;

namespace CloudWatcher.Emulator.Seed;

/// <summary>
/// Deterministic demo data: 16 days of EC2-agent style metrics for two instances (namespace NepheleNamespaceEC2;
/// one point a minute for the last 7 days, 5-minute rollups before that, with the gaps of the instances' stops,
/// see <see cref="DemoInstances"/>), the two instances for EC2 DescribeInstances, and a day of Python-logging
/// style job logs.
/// </summary>
public static class DemoSeed
{
    public const string Namespace = "NepheleNamespaceEC2";
    public static readonly string[] Instances = ["i-0123456789abcdef0", "i-0fedcba9876543210"];
    public const string JobsGroup = "/cloudwatcher/demo/jobs";
    public const string EmptyGroup = "/cloudwatcher/demo/empty";

    /// <summary>Days of metric data (a lookback of 15 days or more finds data).</summary>
    public const int MetricDays = 16;

    /// <summary>The most recent days are stored one point a minute; older data as 5-minute rollups.</summary>
    public const int MinuteResolutionDays = 7;

    private const double GiB = 1024.0 * 1024 * 1024;
    private const long RollupMs = 300_000;

    /// <summary>Seeds metrics, logs and the demo EC2 instances.</summary>
    public static void Apply(LogsStore logs, MetricStore metrics, Ec2Store ec2, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        Apply(logs, metrics, now);
        DemoInstances.Apply(ec2, now);
    }

    /// <summary>Seeds metrics and logs only.</summary>
    public static void Apply(LogsStore logs, MetricStore metrics, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(logs);
        ArgumentNullException.ThrowIfNull(metrics);
        long end = DemoInstances.SeedNow(now).ToUnixTimeMilliseconds();
        SeedMetrics(metrics, end);
        SeedLogs(logs, end);
    }

    private static KeyValuePair<string, string> D(string k, string v) => new(k, v);

    private static void SeedMetrics(MetricStore metrics, long endMs)
    {
        const int minutes = MetricDays * 24 * 60;
        long startMs = endMs - (long)(minutes - 1) * 60_000;
        long minuteFromMs = endMs - ((long)MinuteResolutionDays * 24 * 60 - 1) * 60_000;
        for (int inst = 0; inst < Instances.Length; inst++)
        {
            string id = Instances[inst];
            var rng = new Random(1000 + inst);
            var series = new (string Name, string Unit, KeyValuePair<string, string>[] Dims, Func<long, double, double> Gen)[]
            {
                ("mem_used", "Bytes", [D("InstanceId", id)], (t, r) => Clamp((2 + 4 * Daily(t, inst) + r) * GiB, 2 * GiB, 7 * GiB)),
                ("mem_cached", "Bytes", [D("InstanceId", id)], (t, r) => Clamp((0.6 + 0.5 * Daily(t, inst + 2) + r / 4) * GiB, 0.2 * GiB, 1.5 * GiB)),
                ("swap_used", "Bytes", [D("InstanceId", id)], (t, r) => Clamp((0.05 + 0.2 * Math.Pow(Daily(t, inst), 3) + r / 20) * GiB, 0, 0.5 * GiB)),
                ("swap_used_percent", "Percent", [D("InstanceId", id)], (t, r) => Clamp(2.5 + 10 * Math.Pow(Daily(t, inst), 3) + r * 2, 0, 25)),
                ("processes_dead", "Count", [D("InstanceId", id)], (t, r) => r > 0.55 ? 1 : 0),
                ("cpu_usage_user", "Percent", [D("InstanceId", id), D("cpu", "cpu-total")], (t, r) => Clamp(5 + 85 * Daily(t, inst + 1) + 10 * r, 5, 95)),
                ("disk_used_percent", "Percent", [D("InstanceId", id), D("path", "/"), D("fstype", "ext4"), D("device", "nvme0n1p1")],
                    (t, r) => Clamp(41 + 3.0 * (t - startMs) / (endMs - startMs) + r * 0.05, 0, 100)),
                ("disk_used_percent", "Percent", [D("InstanceId", id), D("path", "/nephele_data"), D("fstype", "ext4"), D("device", "md0")],
                    (t, r) => Clamp(18 + 27.0 * (t - startMs) / (endMs - startMs) + r * 0.1, 0, 100)),
            };
            foreach (var (name, unit, dims, gen) in series)
            {
                var s = metrics.GetOrAdd(Namespace, name, dims);
                var points = new List<Datapoint>(MinuteResolutionDays * 1440 + (MetricDays - MinuteResolutionDays) * 288 + 2);
                var rollup = new Rollup(unit);
                for (int m = 0; m < minutes; m++)
                {
                    long t = startMs + (long)m * 60_000;
                    double v = Math.Round(gen(t, rng.NextDouble() - 0.5), 4);
                    if (!DemoInstances.HasData(id, t, endMs)) continue;
                    if (t < minuteFromMs) { rollup.Add(t - t % RollupMs, v, points); continue; }
                    rollup.Flush(points);
                    points.Add(new Datapoint(t, unit, 1, v, v, v));
                }
                rollup.Flush(points);
                s.AddRange(points);
                s.LastPublished = DateTimeOffset.FromUnixTimeMilliseconds(DemoInstances.LastDataMs(id, endMs));
            }
        }
    }

    /// <summary>Aggregates per-minute samples into one datapoint per 5-minute bucket (like CloudWatch's rollups).</summary>
    private sealed class Rollup(string unit)
    {
        private long _bucket = long.MinValue;
        private double _n, _sum, _min, _max;

        public void Add(long bucket, double v, List<Datapoint> output)
        {
            if (bucket != _bucket) Flush(output);
            if (_n == 0) { _bucket = bucket; _min = v; _max = v; }
            _n++;
            _sum += v;
            _min = Math.Min(_min, v);
            _max = Math.Max(_max, v);
        }

        public void Flush(List<Datapoint> output)
        {
            if (_n > 0) output.Add(new Datapoint(_bucket, unit, _n, Math.Round(_sum, 4), _min, _max));
            _n = 0;
            _sum = 0;
        }
    }

    /// <summary>0..1 daily cycle peaking in the (UTC) afternoon, phase-shifted per series.</summary>
    private static double Daily(long t, int phase)
    {
        double day = (t / 1000.0 % 86_400) / 86_400;
        return 0.5 + 0.5 * Math.Sin(2 * Math.PI * (day - 0.375) + phase * 0.3);
    }

    private static double Clamp(double v, double lo, double hi) => Math.Min(hi, Math.Max(lo, v));

    private static readonly string[] Steps =
        ["validate config", "resolve instances", "download inputs", "preprocess", "run model", "upload outputs", "cleanup"];

    private static void SeedLogs(LogsStore logs, long endMs)
    {
        logs.TryCreateGroup(JobsGroup, endMs - 3L * 86_400_000);
        logs.TryCreateGroup(EmptyGroup, endMs - 2L * 86_400_000);
        var rng = new Random(7);
        long dayStart = endMs - 86_400_000;
        const long window = 8L * 3600_000;
        for (int j = 0; j < 3; j++)
        {
            var day = DateTimeOffset.FromUnixTimeMilliseconds(endMs).AddDays(j - 2);
            string stream = "job-" + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            long t = dayStart + j * window + rng.Next(0, 60_000);
            long stop = dayStart + (j + 1) * window - 1;
            var events = new List<(long, string)>();
            int step = 1, run = 0;
            while (t < stop && t <= endMs)
            {
                events.Add((t, Line(rng, t, ref step, ref run)));
                t += rng.Next(5_000, 25_000);
            }
            var g = logs.FindGroup(JobsGroup)!;
            var s = g.TryCreateStream(stream, dayStart + j * window - 60_000) ?? g.FindStream(stream)!;
            // Ingest in 5-minute batches so ingestion times look like an agent's.
            foreach (var batch in events.GroupBy(e => e.Item1 / 300_000))
            {
                var list = batch.ToList();
                s.Append(list, list[^1].Item1 + 1_500, logs.NextEventId);
            }
        }
    }

    private static string Line(Random rng, long t, ref int step, ref int run)
    {
        string stamp = DateTimeOffset.FromUnixTimeMilliseconds(t).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
        int roll = rng.Next(100);
        if (roll < 3)
            return $"{{\"level\":\"ERROR\",\"step\":{step},\"msg\":\"retrying\",\"attempt\":{rng.Next(1, 4)}}}";
        if (roll < 6)
            return $"[{stamp} - ERROR] Step {step}/7 ({Steps[step - 1]}) failed: ConnectionResetError(104, 'Connection reset by peer')";
        if (roll < 14)
            return $"[{stamp} - WARNING] Step {step}/7: slow response from s3 ({rng.Next(2, 30)}.{rng.Next(0, 9)} s)";
        if (roll < 22)
        {
            step = step % 7 + 1;
            if (step == 1) run++;
            return $"[{stamp} - INFO] Starting step {step}/7: {Steps[step - 1]}";
        }
        return $"[{stamp} - INFO] Step {step}/7: processed {rng.Next(1, 500)} items (run {run}, {rng.Next(10, 990)} MB)";
    }
}
