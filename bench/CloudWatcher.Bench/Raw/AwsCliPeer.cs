using System.Diagnostics;
using System.Text;
using CloudWatcher.Bench.Infrastructure;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// An AWS CLI reading the same data: get-log-events in a --next-token loop for one stream (one process per page, as a
/// script would do it), filter-log-events for a group and get-metric-data (the CLI follows NextToken itself). Two
/// CLIs are on the machine: Debian's AWS CLI v2 at /usr/bin/aws (awsQuery to CloudWatch) and AWS CLI v1 (the aws on
/// PATH, JSON 1.0 to CloudWatch); each is found by what --version prints.
/// </summary>
internal sealed class AwsCliPeer
{
    private const string DebianPath = "/usr/bin/aws";
    private static readonly string[] VersionArgs = { "--version" };
    private readonly Uri _endpoint;

    private AwsCliPeer(Uri endpoint, string path, string version, int major)
    {
        _endpoint = endpoint;
        Path = path;
        Version = version;
        Major = major;
    }

    public string Path { get; }

    /// <summary>The first word --version printed, e.g. aws-cli/2.9.19.</summary>
    public string Version { get; }

    public int Major { get; }

    /// <summary>The AWS CLI of this major version (1 or 2): /usr/bin/aws, then each aws on PATH; null when there is none.</summary>
    public static async Task<AwsCliPeer?> FindAsync(Uri endpoint, int major)
    {
        var candidates = new List<string> { DebianPath };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(System.IO.Path.Combine(dir, "aws"));
        }
        var prefix = $"aws-cli/{major}.";
        foreach (var path in candidates.Distinct(StringComparer.Ordinal).Where(File.Exists))
        {
            try
            {
                var r = await ChildProcess.RunAsync(path, VersionArgs, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
                var text = (r.Stdout + r.Stderr).Trim();
                if (r.ExitCode == 0 && text.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return new AwsCliPeer(endpoint, path, text.Split(' ')[0], major);
                }
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
            {
                // Not runnable: try the next one.
            }
        }
        return null;
    }

    public async Task<(long Events, int Calls, double Milliseconds)> ReadStreamAsync(string group, string stream)
    {
        var sw = Stopwatch.StartNew();
        string? token = null;
        long events = 0;
        var calls = 0;
        while (true)
        {
            var args = new List<string> { "logs", "get-log-events", "--log-group-name", group, "--log-stream-name", stream, "--start-from-head" };
            if (token is not null) { args.Add("--next-token"); args.Add(token); }
            var stdout = await RunAsync(args).ConfigureAwait(false);
            calls++;
            var (count, next) = RawLogsReader.CountEvents(Encoding.UTF8.GetBytes(stdout), "nextForwardToken"u8);
            events += count;
            if (next is null || next == token) break;
            token = next;
        }
        return (events, calls, sw.Elapsed.TotalMilliseconds);
    }

    public async Task<(long Events, int Calls, double Milliseconds)> ReadGroupAsync(string group)
    {
        var sw = Stopwatch.StartNew();
        var stdout = await RunAsync(new List<string> { "logs", "filter-log-events", "--log-group-name", group }).ConfigureAwait(false);
        var (count, _) = RawLogsReader.CountEvents(Encoding.UTF8.GetBytes(stdout), "nextToken"u8);
        return (count, 1, sw.Elapsed.TotalMilliseconds);
    }

    /// <summary>
    /// cloudwatch get-metric-data with the same queries (one process; the CLI pages itself and merges the pages),
    /// points counted in its JSON output. <paramref name="configFile"/> is the AWS_CONFIG_FILE to use (the timestamp format).
    /// </summary>
    public async Task<(long Points, double Milliseconds)> GetMetricDataAsync(RawMetricReader.Query query, string workDirectory, string configFile)
    {
        var queries = System.IO.Path.Combine(workDirectory, "get-metric-data-queries.json");
        await File.WriteAllTextAsync(queries, QueriesJson(query)).ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        var stdout = await RunAsync(new List<string>
        {
            "cloudwatch", "get-metric-data", "--metric-data-queries", "file://" + queries,
            "--start-time", Iso(query.Start), "--end-time", Iso(query.End), "--scan-by", "TimestampAscending",
        }, configFile).ConfigureAwait(false);
        var ms = sw.Elapsed.TotalMilliseconds;
        // The output has the answer's shape: {"MetricDataResults": [{"Values": [...]}], "Messages": []}.
        var (points, _) = RawMetricReader.CountJsonValues(Encoding.UTF8.GetBytes(stdout));
        return (points, ms);
    }

    /// <summary>logs put-log-events with a batch of events from a file (the JSON list --log-events takes); one process.</summary>
    public async Task<double> PutLogEventsAsync(string group, string stream, string eventsFile)
    {
        var sw = Stopwatch.StartNew();
        await RunAsync(new List<string>
        {
            "logs", "put-log-events", "--log-group-name", group, "--log-stream-name", stream, "--log-events", "file://" + eventsFile,
        }).ConfigureAwait(false);
        return sw.Elapsed.TotalMilliseconds;
    }

    /// <summary>cloudwatch put-metric-data with a batch of datums from a file (the JSON list --metric-data takes); one process.</summary>
    public async Task<double> PutMetricDataAsync(string @namespace, string dataFile)
    {
        var sw = Stopwatch.StartNew();
        await RunAsync(new List<string> { "cloudwatch", "put-metric-data", "--namespace", @namespace, "--metric-data", "file://" + dataFile }).ConfigureAwait(false);
        return sw.Elapsed.TotalMilliseconds;
    }

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The --metric-data-queries JSON for the query (one MetricStat per instance).</summary>
    public static string QueriesJson(RawMetricReader.Query query)
    {
        var items = query.InstanceIds.Select((id, i) =>
            $$"""{"Id":"q{{i}}","MetricStat":{"Metric":{"Namespace":"{{query.Namespace}}","MetricName":"{{query.MetricName}}","Dimensions":[{"Name":"InstanceId","Value":"{{id}}"}]},"Period":{{query.Period}},"Stat":"{{query.Stat}}"},"ReturnData":true}""");
        return "[" + string.Join(",", items) + "]";
    }

    private async Task<string> RunAsync(List<string> args, string? configFile = null)
    {
        args.AddRange(new[] { "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--region", BenchEnvironment.Region, "--output", "json" });
        if (Major >= 2) args.Add("--no-cli-pager"); // v1 has no pager (and no such option)
        var env = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = BenchEnvironment.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = BenchEnvironment.SecretKey,
            ["AWS_PAGER"] = "",
        };
        if (configFile is not null) env["AWS_CONFIG_FILE"] = configFile;
        var r = await ChildProcess.RunAsync(Path, args, TimeSpan.FromMinutes(10), env).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Version} {string.Join(' ', args.Take(2))} exited {r.ExitCode}: {r.Stderr.Trim()}");
        }
        return r.Stdout;
    }
}
