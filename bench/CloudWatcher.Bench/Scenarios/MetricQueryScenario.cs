using System.Globalization;
using CloudWatcher.Aws;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Emulator;
using CloudWatcher.Ports;
using CloudWatcher.Sessions;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Get-CwMetric for series × days × 60 s in both CloudWatch protocols on the same data: JSON 1.0 (the default) and
/// awsQuery (the fallback, and the only protocol before the switch), chosen by CLOUDWATCHER_CLOUDWATCH_PROTOCOL as a
/// user would. GetMetricData calls (the emulator counts them) against the minimum the limits allow; time against a raw
/// reader of the same protocol; the engine alone (no PowerShell); and the AWS CLI v1 (JSON) and v2 (awsQuery).
/// </summary>
internal sealed class MetricQueryScenario
{
    private const int MaxDatapointsPerCall = 100_800;
    private const int MaxQueriesPerCall = 500;
    private static readonly CloudWatchProtocol[] Protocols = { CloudWatchProtocol.Json, CloudWatchProtocol.Query };
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

    private RawMetricReader.Query Query => new(BenchData.MetricNamespace, BenchData.MetricName, _data.InstanceIds, _data.MetricStart, _data.MetricEnd, 60, "Average");

    public async Task RunAsync()
    {
        using var engine = new HostedEngine(_emulator.Endpoint);
        using var raw = new RawMetricReader(_emulator.Endpoint, new SigV4(BenchEnvironment.AccessKey, BenchEnvironment.SecretKey, BenchEnvironment.Region));
        var sessions = Protocols.ToDictionary(p => p, Connect);
        engine.SetVariable("benchIds", _data.InstanceIds);
        engine.SetVariable("benchStart", _data.MetricStart);
        engine.SetVariable("benchEnd", _data.MetricEnd);
        var script = $"Get-CwMetric -Namespace '{BenchData.MetricNamespace}' -MetricName '{BenchData.MetricName}' -InstanceId $benchIds " +
                     "-StartTime $benchStart -EndTime $benchEnd -Period 60 -Statistic Average";
        var series = _data.InstanceIds.Length;
        Console.WriteLine($"  Get-CwMetric, {series} series × {_settings.MetricDays} d × 60 s, JSON 1.0 and awsQuery");

        var saved = Environment.GetEnvironmentVariable(AwsSessionFactory.ProtocolVariable);
        var calls = new Dictionary<CloudWatchProtocol, long>();
        var rawCalls = new Dictionary<CloudWatchProtocol, int>();
        var cw = Protocols.ToDictionary(p => p, _ => new List<double>());
        var rw = Protocols.ToDictionary(p => p, _ => new List<double>());
        var en = Protocols.ToDictionary(p => p, _ => new List<double>());
        try
        {
            foreach (var protocol in Protocols)
            {
                // Warm-up and check: every series, every point, and the calls one read takes, in this protocol.
                UseProtocol(protocol);
                var before = _emulator.Stats.Count("GetMetricData");
                var counts = engine.Run($"$m = @({script}); $m.Count; $n = 0; foreach ($x in $m) {{ $n += $x.Count }}; $n");
                calls[protocol] = _emulator.Stats.Count("GetMetricData") - before;
                var seriesRead = Convert.ToInt64(counts[0].BaseObject, CultureInfo.InvariantCulture);
                var pointsRead = Convert.ToInt64(counts[1].BaseObject, CultureInfo.InvariantCulture);
                if (seriesRead != series)
                {
                    throw new InvalidOperationException($"Metric query: Get-CwMetric ({protocol}) returned {seriesRead} series; expected {series}.");
                }
                Check($"Get-CwMetric ({protocol})", pointsRead, _data.MetricPoints);
                (var rawPoints, rawCalls[protocol]) = await raw.ReadAsync(protocol, Query);
                Check($"The raw {protocol} reader", rawPoints, _data.MetricPoints);
                Check($"The engine alone ({protocol})", await ReadWithEngine(sessions[protocol]), _data.MetricPoints);
            }
            for (var w = 0; w < _settings.WarmupRuns; w++)
            {
                // Untimed: tiered JIT takes a few runs to settle on two busy cores.
                foreach (var protocol in Protocols)
                {
                    UseProtocol(protocol);
                    engine.Run(script + " | Out-Null");
                    await raw.ReadAsync(protocol, Query);
                    await ReadWithEngine(sessions[protocol]);
                }
            }

            for (var run = 0; run < _settings.Runs; run++)
            {
                // Interleaved, the protocol order alternating, so drift in the machine's load hits both alike.
                foreach (var protocol in run % 2 == 0 ? Protocols : Enumerable.Reverse(Protocols))
                {
                    UseProtocol(protocol);
                    Measure.Settle();
                    cw[protocol].Add(Measure.Milliseconds(() => engine.Run(script + " | Out-Null")));
                    Measure.Settle();
                    rw[protocol].Add(await Measure.MillisecondsAsync(() => raw.ReadAsync(protocol, Query)));
                    Measure.Settle();
                    en[protocol].Add(await Measure.MillisecondsAsync(() => ReadWithEngine(sessions[protocol])));
                }
            }
        }
        finally
        {
            Environment.SetEnvironmentVariable(AwsSessionFactory.ProtocolVariable, saved);
            foreach (var s in sessions.Values) s.Dispose();
        }

        var json = CloudWatchProtocol.Json;
        var query = CloudWatchProtocol.Query;
        var minimum = Math.Max((int)Math.Ceiling(_data.MetricPoints / (double)MaxDatapointsPerCall), (int)Math.Ceiling(series / (double)MaxQueriesPerCall));
        _table.Add(new ResultRow($"Metric query: GetMetricData calls (JSON, the default), {series} series × {_settings.MetricDays} d × 60 s = {N(_data.MetricPoints)} points",
            N(calls[json]), $"minimum {minimum} (raw reader: {rawCalls[json]}; awsQuery: {calls[query]})", X((double)calls[json] / minimum), "calls = minimum", calls[json] == minimum));

        var cwMs = Protocols.ToDictionary(p => p, p => Measure.Median(cw[p]));
        var rawMs = Protocols.ToDictionary(p => p, p => Measure.Median(rw[p]));
        var engineMs = Protocols.ToDictionary(p => p, p => Measure.Median(en[p]));
        _table.Add(new ResultRow("Metric query: time, JSON 1.0 (default) (Get-CwMetric | Out-Null)", Ms(cwMs[json]), "raw JSON " + Ms(rawMs[json]),
            X(cwMs[json] / rawMs[json]) + " the time", "—", null));
        _table.Add(new ResultRow("Metric query: time, awsQuery (fallback; the protocol before this change) (Get-CwMetric | Out-Null)", Ms(cwMs[query]),
            "raw awsQuery " + Ms(rawMs[query]), X(cwMs[query] / rawMs[query]) + " the time", "—", null));
        _table.Add(new ResultRow("Metric query: JSON vs awsQuery (Get-CwMetric)", "JSON " + Ms(cwMs[json]), "awsQuery " + Ms(cwMs[query]),
            X(cwMs[json] / cwMs[query]) + " the time", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Metric query: median of {_settings.Runs} runs per protocol after {_settings.WarmupRuns + 1} warm-ups, interleaved (protocol order alternating), the protocol chosen by " +
            $"{AwsSessionFactory.ProtocolVariable}=json|query for the cmdlet. Get-CwMetric JSON {Runs(cw[json])} ms, awsQuery {Runs(cw[query])} ms; " +
            $"raw JSON {Runs(rw[json])} ms, raw awsQuery {Runs(rw[query])} ms. The raw readers send the same {series} queries in one signed POST per page " +
            $"(awsQuery form, or JSON 1.0 with X-Amz-Target and x-amzn-query-mode) and only count the Values (XmlReader, Utf8JsonReader). " +
            $"Engine alone (session.MetricRead.GetMetricDataAsync, pages followed, no PowerShell): JSON {engineMs[json]:N0} ms ({Runs(en[json])}), " +
            $"awsQuery {engineMs[query]:N0} ms ({Runs(en[query])}), JSON {X(engineMs[json] / engineMs[query])} the awsQuery time; " +
            $"{X(engineMs[json] / rawMs[json])} and {X(engineMs[query] / rawMs[query])} their raw readers' time. " +
            $"These times include the in-process emulator writing each answer (XML costs it more than JSON, as the raw readers show); " +
            $"the client's parse cost alone is in the wire-parse rows."));

        if (_settings.Peer)
        {
            await RunPeersAsync(cwMs[json], cwMs[query]);
        }
    }

    /// <summary>aws cloudwatch get-metric-data: v1 speaks JSON 1.0, v2 awsQuery; each against Get-CwMetric in the same protocol.</summary>
    private async Task RunPeersAsync(double jsonMs, double queryMs)
    {
        Directory.CreateDirectory(BenchPaths.WorkDirectory);
        // "wire" prints timestamps as they came (v1's default; v2 would parse and reformat every one as ISO 8601).
        var config = Path.Combine(BenchPaths.WorkDirectory, "aws-cli-config");
        await File.WriteAllTextAsync(config, "[default]\ncli_timestamp_format = wire\n");
        foreach (var (major, protocol, cwMs) in new[] { (1, "JSON", jsonMs), (2, "query", queryMs) })
        {
            var name = $"Metric query vs AWS CLI v{major} ({protocol}): get-metric-data, pages itself";
            var peer = await AwsCliPeer.FindAsync(_emulator.Endpoint, major);
            if (peer is null)
            {
                _table.Add(new ResultRow(name, "—", $"n/a (no AWS CLI v{major}: neither /usr/bin/aws nor an aws on PATH)", "—", "—", null));
                continue;
            }
            Console.WriteLine($"  {peer.Version} ({peer.Path}) get-metric-data, {_settings.PeerRuns} runs");
            try
            {
                var runs = new List<double>();
                for (var i = 0; i < _settings.PeerRuns; i++)
                {
                    var (points, ms) = await peer.GetMetricDataAsync(Query, BenchPaths.WorkDirectory, config);
                    Check(peer.Version + " get-metric-data", points, _data.MetricPoints);
                    runs.Add(ms);
                }
                var cliMs = Measure.Median(runs);
                var iso = "";
                if (major == 2)
                {
                    // What a user of v2 gets without that setting: every timestamp parsed and printed as ISO 8601 (one run).
                    var (isoPoints, isoMs) = await peer.GetMetricDataAsync(Query, BenchPaths.WorkDirectory, Environment.GetEnvironmentVariable("AWS_CONFIG_FILE")!);
                    Check(peer.Version + " get-metric-data (iso8601)", isoPoints, _data.MetricPoints);
                    iso = string.Create(CultureInfo.InvariantCulture, $" With v2's default cli_timestamp_format (iso8601) the same read took {isoMs:N0} ms (one run).");
                }
                _table.Add(new ResultRow(name, $"Get-CwMetric ({protocol}) {Ms(cwMs)}", $"{peer.Version} {Ms(cliMs)}, {N(_data.MetricPoints)} points",
                    X(cliMs / cwMs) + " faster", "—", null));
                _table.Note(string.Create(CultureInfo.InvariantCulture,
                    $"AWS CLI v{major} ({peer.Version}, {peer.Path}): cloudwatch get-metric-data with the same {_data.InstanceIds.Length} queries and range, one process " +
                    $"that follows NextToken itself; median of {runs.Count} ({Runs(runs)} ms), process start included; all {N(_data.MetricPoints)} points counted " +
                    $"in its JSON output; credentials by environment; a config file with cli_timestamp_format = wire (timestamps printed as received, " +
                    $"the default of v1; v2 otherwise parses and reformats each one, so this is the faster setting for the CLI).{iso}"));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                _table.Add(new ResultRow(name, "—", "error: " + e.Message.Split('\n')[0], "—", "—", null));
            }
        }
    }

    private ICloudWatcherSession Connect(CloudWatchProtocol protocol) => new AwsSessionFactory().Connect(new ConnectionSettings
    {
        Region = BenchEnvironment.Region,
        AccessKey = BenchEnvironment.AccessKey,
        SecretKey = BenchEnvironment.SecretKey,
        EndpointUrl = _emulator.Endpoint,
        CloudWatchProtocol = protocol,
    });

    /// <summary>What a user sets; every cmdlet call reads it when it connects.</summary>
    private static void UseProtocol(CloudWatchProtocol protocol) =>
        Environment.SetEnvironmentVariable(AwsSessionFactory.ProtocolVariable, protocol == CloudWatchProtocol.Json ? "json" : "query");

    /// <summary>GetMetricData through the engine's wire layer, pages followed; the points counted.</summary>
    private async Task<long> ReadWithEngine(ICloudWatcherSession session)
    {
        var queries = _data.InstanceIds.Select((id, i) => new MetricDataQuery("q" + i.ToString(CultureInfo.InvariantCulture))
        {
            MetricStat = new MetricStat(new MetricIdentity(BenchData.MetricNamespace, BenchData.MetricName, new[] { new Dimension("InstanceId", id) }), 60, "Average"),
        }).ToList();
        var request = new GetMetricDataRequest(queries, _data.MetricStart, _data.MetricEnd);
        long points = 0;
        string? token = null;
        do
        {
            var page = await session.MetricRead.GetMetricDataAsync(request with { NextToken = token }, CancellationToken.None);
            foreach (var r in page.Results) points += r.Values.Count;
            token = page.NextToken;
        }
        while (token is not null);
        return points;
    }

    private static string Runs(IEnumerable<double> ms) => string.Join("/", ms.Select(m => m.ToString("0", CultureInfo.InvariantCulture)));

    private static void Check(string who, long actual, long expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Metric query: {who} read {actual} points, expected {expected}.");
        }
    }
}
