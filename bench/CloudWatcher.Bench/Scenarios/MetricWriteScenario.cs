using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Emulator;
using CloudWatcher.Metrics.Publishing;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Metric publishing: values of 20 series (one a second each, as a CSV of MetricName, Dimensions, Value, Timestamp)
/// through `Import-Csv file | Write-CwMetric` in the real pwsh, against a raw writer (the same datums, signed JSON 1.0
/// PutMetricData from C#) and the AWS CLIs' put-metric-data with the same batches. Calls are counted by the emulator and
/// compared with the minimum for those datums; what each writer sent is read back from the emulator's store (sample
/// count and sum of every series).
/// </summary>
internal sealed class MetricWriteScenario
{
    private const string MetricName = "Latency";
    private const string Unit = "Milliseconds";
    private const string Target = "GraniteServiceVersion20100801.PutMetricData";
    private readonly EmulatorServer _emulator;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;
    private readonly DateTime _start;

    public MetricWriteScenario(EmulatorServer emulator, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _settings = settings;
        _table = table;
        var now = DateTime.UtcNow;
        var perSeries = settings.MetricWriteValues / settings.MetricWriteSeries;
        // Ending a few minutes ago, on a whole second.
        _start = new DateTime((now.Ticks / TimeSpan.TicksPerSecond - perSeries - 300) * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    private static string SeriesName(int s) => "s" + s.ToString("D2", CultureInfo.InvariantCulture);

    private static double Value(int t, int s) => Math.Round(20 + 15 * Math.Sin((t + 37.0 * s) / 300) + (t * 7 + s * 13) % 50 / 10.0, 1);

    public async Task RunAsync()
    {
        Directory.CreateDirectory(BenchPaths.WorkDirectory);
        var perSeries = _settings.MetricWriteValues / _settings.MetricWriteSeries;
        var values = (long)perSeries * _settings.MetricWriteSeries;
        var csv = Path.Combine(BenchPaths.WorkDirectory, $"metric-write-{values}.csv");
        using (var w = new StreamWriter(csv, false, new UTF8Encoding(false)))
        {
            w.Write("MetricName,Dimensions,Value,Timestamp\n");
            for (var t = 0; t < perSeries; t++)
            {
                var at = _start.AddSeconds(t).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
                for (var s = 0; s < _settings.MetricWriteSeries; s++)
                {
                    w.Write(string.Create(CultureInfo.InvariantCulture, $"{MetricName},Series:{SeriesName(s)},{Value(t, s)},{at}\n"));
                }
            }
        }

        using var http = new RawHttp();
        var signer = new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region);
        // Warm-up of the raw path (JIT, connection).
        await RawAsync(http, signer, csv, "Bench/Write/raw-warmup");
        var rawMs = new List<double>();
        var rawCalls = 0;
        IReadOnlyList<PublishBatch> batches = Array.Empty<PublishBatch>();
        async Task RawRun(int k)
        {
            Infrastructure.Measure.Settle();
            var sw = System.Diagnostics.Stopwatch.StartNew();
            (rawCalls, batches) = await RawAsync(http, signer, csv, "Bench/Write/raw-" + k);
            rawMs.Add(sw.Elapsed.TotalMilliseconds);
            CheckReadBack("Bench/Write/raw-" + k, perSeries, "the raw writer");
        }
        await RawRun(1);
        var datums = batches.SelectMany(b => b.Data).ToList();
        var minimum = MetricBatcher.LowerBound(datums);
        Console.WriteLine($"  {N(values)} values, {_settings.MetricWriteSeries} series: {N(datums.Count)} datums (Values aggregation), minimum {minimum} PutMetricData calls");

        Console.WriteLine("  Import-Csv | Write-CwMetric (pwsh child)");
        const string ns = "Bench/Write/cmdlet";
        var script = $@"$ErrorActionPreference = 'Stop'
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
1 | Write-CwMetric -Namespace 'Bench/Write/warm-up' -MetricName Warm -NoHostDimension
$sw = [Diagnostics.Stopwatch]::StartNew()
Import-Csv -LiteralPath '{csv}' | Out-Null
'BENCH-READMS ' + $sw.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture)
$sw = [Diagnostics.Stopwatch]::StartNew()
$summary = Import-Csv -LiteralPath '{csv}' | Write-CwMetric -Namespace '{ns}' -Unit {Unit} -NoHostDimension -PassThru
$ms = $sw.Elapsed.TotalMilliseconds
'BENCH-MS ' + $ms.ToString([Globalization.CultureInfo]::InvariantCulture) + ' ' + $summary.Values + ' ' + $summary.Datums + ' ' + $summary.Calls + ' ' + $summary.Rejected
";
        var before = _emulator.Stats.Count("PutMetricData");
        var result = await ChildProcess.PwshAsync(script, TimeSpan.FromMinutes(10));
        if (result.ExitCode != 0 || !result.Stdout.Contains("BENCH-MS", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pwsh exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }
        var calls = _emulator.Stats.Count("PutMetricData") - before - 1; // the warm-up value's call
        var nums = ProcStatus.Numbers(result.Stdout, "BENCH-MS");
        var readMs = ProcStatus.Numbers(result.Stdout, "BENCH-READMS")[0];
        CheckReadBack(ns, perSeries, "Write-CwMetric");
        await RawRun(2);
        await RawRun(3);

        var cmdletMs = nums[0];
        var rawMedian = Infrastructure.Measure.Median(rawMs);
        _table.Add(new ResultRow($"Metric write: PutMetricData calls, {N(values)} values over {_settings.MetricWriteSeries} series (Import-Csv | Write-CwMetric)",
            N(calls), $"minimum {minimum} for {N(datums.Count)} datums (raw writer: {rawCalls})", X((double)calls / minimum), "calls = minimum", calls == minimum));
        _table.Add(new ResultRow($"Metric write: time, {N(values)} values (Import-Csv | Write-CwMetric, pwsh)",
            $"{Ms(cmdletMs)} = {N(values / (cmdletMs / 1000))} values/s", $"raw {Ms(rawMedian)}", X(cmdletMs / rawMedian) + " the time", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Metric write: {N(values)} values, {N(perSeries)} a series one second apart, in a CSV (MetricName, Dimensions as Series:sNN, Value with one decimal, Timestamp), " +
            $"aggregated as Values (the default: distinct values with counts per series and minute) into {N(datums.Count)} datums " +
            $"(the cmdlet's summary: {N(nums[2])} datums, {N(nums[1])} values, {nums[4]:0} rejected, {nums[3]:0} calls); the minimum is MetricBatcher.LowerBound " +
            $"(max(⌈datums / 1,000⌉, ⌈JSON bytes / 1,000,000⌉)). -NoHostDimension so every writer sends the same series. The pwsh child imports the module and sends one " +
            $"warm-up value first; Import-Csv | Out-Null alone takes {Ms(readMs)} there, so Write-CwMetric itself adds about {Ms(cmdletMs - readMs)}. " +
            $"Raw writer: the CSV parsed in C#, the same aggregation (the engine's MetricWriter), JSON 1.0 bodies written with Utf8JsonWriter, signed with AWS4Signer, " +
            $"one call after another; median of {rawMs.Count} ({string.Join("/", rawMs.Select(m => m.ToString("0", CultureInfo.InvariantCulture)))} ms). " +
            $"Read back from the emulator's store for every writer: each series holds {N(perSeries)} samples with the sum written."));

        if (_settings.Peer)
        {
            await RunPeersAsync(batches, perSeries, cmdletMs);
        }
    }

    private async Task RunPeersAsync(IReadOnlyList<PublishBatch> batches, int perSeries, double cmdletMs)
    {
        foreach (var major in new[] { 1, 2 })
        {
            var peer = await AwsCliPeer.FindAsync(_emulator.Endpoint, major);
            if (peer is null)
            {
                _table.Add(new ResultRow($"Metric write vs AWS CLI v{major}", "—", $"n/a (no AWS CLI v{major})", "—", "—", null));
                continue;
            }
            var ns = "Bench/Write/cli-v" + major;
            Console.WriteLine($"  {peer.Version} cloudwatch put-metric-data, {batches.Count} batches (one process each)");
            try
            {
                var times = new List<double>();
                var refused = 0;
                foreach (var batch in batches)
                {
                    refused += await SendAsync(peer, ns, batch.Data, times);
                }
                CheckReadBack(ns, perSeries, peer.Version);
                var total = times.Sum();
                var refusedText = refused == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
                    $"; {refused} requests were refused with RequestEntityTooLarge (this CLI sends awsQuery, whose form body is several times the JSON's), " +
                    $"so each refused batch was halved until every part was taken (the refused attempts are not in the time): {times.Count} calls");
                _table.Add(new ResultRow($"Metric write vs AWS CLI v{major} (put-metric-data --metric-data, one process per call)",
                    $"Write-CwMetric {Ms(cmdletMs)}", $"{peer.Version} {Ms(total)} ({times.Count} calls)", X(cmdletMs / total) + " the time", "—", null));
                _table.Note(string.Create(CultureInfo.InvariantCulture,
                    $"{peer.Version} ({peer.Path}) cloudwatch put-metric-data --metric-data file://batch.json: the raw writer's {batches.Count} batches (the same datums, " +
                    $"files written before timing), one process each" +
                    $"{refusedText}: {string.Join("/", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))} ms; read back in full."));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                _table.Add(new ResultRow($"Metric write vs AWS CLI v{major}", "—", "error: " + e.Message.Split('\n')[0], "—", "—", null));
            }
        }
    }

    /// <summary>One put-metric-data process for the datums, halved while the CLI's request is too large; returns the refused attempts.</summary>
    private static async Task<int> SendAsync(AwsCliPeer peer, string ns, IReadOnlyList<PendingDatum> data, List<double> times)
    {
        var path = Path.Combine(BenchPaths.WorkDirectory, $"metric-write-cli-{times.Count}.json");
        using (var stream = File.Create(path))
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var d in data)
            {
                WriteDatum(w, d.Datum, iso: true);
            }
            w.WriteEndArray();
        }
        try
        {
            times.Add(await peer.PutMetricDataAsync(ns, path));
            return 0;
        }
        catch (InvalidOperationException e) when (e.Message.Contains("RequestEntityTooLarge", StringComparison.Ordinal) && data.Count > 1)
        {
            var half = data.Count / 2;
            return 1 + await SendAsync(peer, ns, data.Take(half).ToList(), times) + await SendAsync(peer, ns, data.Skip(half).ToList(), times);
        }
    }

    /// <summary>The raw writer: CSV parsed, values aggregated as Write-CwMetric does, each batch a signed JSON 1.0 PutMetricData.</summary>
    private async Task<(int Calls, IReadOnlyList<PublishBatch> Batches)> RawAsync(RawHttp http, SigV4 signer, string csv, string ns)
    {
        var writer = new MetricWriter(MetricAggregation.Values, DimensionDefaults.None);
        var series = new Dictionary<string, MetricSeriesKey>(StringComparer.Ordinal);
        var one = new double[1];
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            var parts = line.Split(',');
            if (!series.TryGetValue(parts[1], out var key))
            {
                var colon = parts[1].IndexOf(':', StringComparison.Ordinal);
                key = writer.Series(ns, parts[0], new[] { new Dimension(parts[1][..colon], parts[1][(colon + 1)..]) }, Unit, false, withDefaults: false);
                series[parts[1]] = key;
            }
            one[0] = double.Parse(parts[2], CultureInfo.InvariantCulture);
            var at = DateTime.Parse(parts[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            if (writer.Add(key, at, one).Count > 0) throw new InvalidOperationException("The raw writer's value was refused: " + line);
        }
        var batches = writer.Plan().Batches;
        var body = new ArrayBufferWriter<byte>(1 << 20);
        foreach (var batch in batches)
        {
            body.ResetWrittenCount();
            using (var w = new Utf8JsonWriter(body))
            {
                w.WriteStartObject();
                w.WriteString("Namespace", batch.Namespace);
                w.WriteStartArray("MetricData");
                foreach (var d in batch.Data)
                {
                    WriteDatum(w, d.Datum, iso: false);
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            await http.SendAsync(signer.CreatePost(_emulator.Endpoint, "monitoring", "application/x-amz-json-1.0", Target, body.WrittenSpan.ToArray(), queryMode: true), default);
        }
        return (batches.Count, batches);
    }

    /// <summary>A datum as PutMetricData's JSON 1.0 body has it (epoch seconds) or as the CLI's --metric-data takes it (ISO 8601).</summary>
    private static void WriteDatum(Utf8JsonWriter w, Ports.MetricDatum d, bool iso)
    {
        w.WriteStartObject();
        w.WriteString("MetricName", d.MetricName);
        w.WriteStartArray("Dimensions");
        foreach (var dim in d.Dimensions)
        {
            w.WriteStartObject();
            w.WriteString("Name", dim.Name);
            w.WriteString("Value", dim.Value);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        if (d.Timestamp is { } t)
        {
            if (iso) w.WriteString("Timestamp", t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            else w.WriteNumber("Timestamp", new DateTimeOffset(t).ToUnixTimeSeconds());
        }
        if (d.Values is { } values)
        {
            w.WriteStartArray("Values");
            foreach (var v in values) w.WriteNumberValue(v);
            w.WriteEndArray();
            if (d.Counts is { } counts)
            {
                w.WriteStartArray("Counts");
                foreach (var c in counts) w.WriteNumberValue(c);
                w.WriteEndArray();
            }
        }
        else if (d.Value is { } value)
        {
            w.WriteNumber("Value", value);
        }
        if (d.Unit is { } unit) w.WriteString("Unit", unit);
        w.WriteEndObject();
    }

    /// <summary>Every series in the namespace holds exactly the samples written, with their sum.</summary>
    private void CheckReadBack(string ns, int perSeries, string who)
    {
        for (var s = 0; s < _settings.MetricWriteSeries; s++)
        {
            var found = _emulator.Metrics.Find(ns, MetricName, new[] { new KeyValuePair<string, string>("Series", SeriesName(s)) })
                ?? throw new InvalidOperationException($"{who}: no series {ns} {MetricName} Series={SeriesName(s)} in the emulator.");
            var points = found.Slice(0, long.MaxValue);
            var count = points.Sum(p => p.SampleCount);
            var sum = points.Sum(p => p.Sum);
            var expected = Enumerable.Range(0, perSeries).Sum(t => Value(t, s));
            if (count != perSeries || Math.Abs(sum - expected) > 1e-6 * Math.Abs(expected))
            {
                throw new InvalidOperationException($"{who}: {ns} Series={SeriesName(s)} holds {count} samples summing to {sum}, expected {perSeries} summing to {expected}.");
            }
        }
    }
}
