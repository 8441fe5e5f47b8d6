using System.Diagnostics;
using System.Text;
using CloudWatcher.Bench.Infrastructure;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// The AWS CLI v2 (Debian's awscli at /usr/bin/aws; the aws on PATH may be v1) reading the same data: a
/// get-log-events --next-token loop for one stream (one process per page, as a script would do it), and
/// filter-log-events for a group (the CLI follows nextToken itself).
/// </summary>
internal sealed class AwsCliPeer
{
    public const string Path = "/usr/bin/aws";
    private static readonly string[] VersionArgs = { "--version" };
    private readonly Uri _endpoint;

    public AwsCliPeer(Uri endpoint) => _endpoint = endpoint;

    public static async Task<bool> IsAvailableAsync()
    {
        if (!File.Exists(Path)) return false;
        try
        {
            var r = await ChildProcess.RunAsync(Path, VersionArgs, TimeSpan.FromSeconds(60)).ConfigureAwait(false);
            return (r.Stdout + r.Stderr).StartsWith("aws-cli/2.", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return false;
        }
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

    private async Task<string> RunAsync(List<string> args)
    {
        args.AddRange(new[] { "--endpoint-url", _endpoint.ToString().TrimEnd('/'), "--region", BenchEnvironment.Region, "--output", "json", "--no-cli-pager" });
        var env = new Dictionary<string, string?>
        {
            ["AWS_ACCESS_KEY_ID"] = BenchEnvironment.AccessKey,
            ["AWS_SECRET_ACCESS_KEY"] = BenchEnvironment.SecretKey,
            ["AWS_PAGER"] = "",
        };
        var r = await ChildProcess.RunAsync(Path, args, TimeSpan.FromMinutes(10), env).ConfigureAwait(false);
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"aws {string.Join(' ', args.Take(2))} exited {r.ExitCode}: {r.Stderr.Trim()}");
        }
        return r.Stdout;
    }
}
