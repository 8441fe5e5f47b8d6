using System.Diagnostics;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Micro;
using CloudWatcher.Bench.Scenarios;
using CloudWatcher.Emulator;

namespace CloudWatcher.Bench;

/// <summary>
/// CloudWatcher's benchmark harness: one run starts the emulator in-process, loads the data, measures every figure and
/// prints the table (and, without --quick, writes bench/RESULTS.md). Exit code 0 unless the harness itself failed
/// (or, with --fail-on-missed, a goal was missed); --quick never fails on goals.
/// </summary>
internal static class Program
{
    private const string Usage = """
        Usage: dotnet run -c Release --project bench/CloudWatcher.Bench -- [options]
          (no option)       the full run: 100k-event log reads, 1M-event memory, 20×7 d metrics (JSON and awsQuery),
                            wire parse, plots, import, 1M-event log write, 100k-value metric write, users' jobs;
                            prints the table and writes bench/RESULTS.md
          --quick           tiny sizes, well under a minute (CI smoke test); writes out/bench/RESULTS.quick.md; never fails on goals
          --no-peer         skip the AWS CLI peers (v2 for logs and metrics, v1 for metrics)
          --fail-on-missed  exit 3 when a goal is missed (full run only)
          --only NAME[,NAME] some scenarios (log-read, log-memory, metric, wire-parse, plot, import, log-write,
                            metric-write, reporter, user-jobs); writes out/bench/RESULTS.partial.md
          --micro           BenchmarkDotNet micro benchmarks (GetLogEvents page parse, LogLineFormatter) instead
        """;

    private static async Task<int> Main(string[] args)
    {
        var known = new[] { "--quick", "--no-peer", "--fail-on-missed", "--micro", "--help", "-h", "--only" };
        var scenarios = new[] { "log-read", "log-memory", "metric", "wire-parse", "plot", "import", "log-write", "metric-write", "reporter", "user-jobs" };
        var onlyAt = Array.IndexOf(args, "--only");
        var only = onlyAt >= 0 && onlyAt + 1 < args.Length ? args[onlyAt + 1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : null;
        var unknown = args.Where((a, i) => !known.Contains(a) && !(i == onlyAt + 1 && onlyAt >= 0)).ToList();
        if (onlyAt >= 0 && (only is null || only.Length == 0 || !only.All(scenarios.Contains))) unknown.Add("--only " + (only is null ? "" : string.Join(",", only)));
        bool Selected(string name) => only is null || only.Contains(name);
        if (unknown.Count > 0 || args.Contains("--help") || args.Contains("-h"))
        {
            if (unknown.Count > 0) Console.Error.WriteLine("Unknown option(s): " + string.Join(" ", unknown));
            Console.WriteLine(Usage);
            return unknown.Count > 0 ? 2 : 0;
        }
        BenchEnvironment.Apply();
        if (args.Contains("--micro"))
        {
            return MicroRunner.Run();
        }

        var settings = args.Contains("--quick") ? BenchSettings.QuickSmoke : BenchSettings.Full;
        if (args.Contains("--no-peer")) settings = settings with { Peer = false };
        var command = ("dotnet run -c Release --project bench/CloudWatcher.Bench -- " + string.Join(" ", args)).TrimEnd(' ', '-').TrimEnd();
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var machine = MachineFacts.Collect();
        Console.WriteLine($"CloudWatcher benchmarks ({(settings.Quick ? "quick smoke run: tiny sizes, goals not enforced" : "full run")})");
        foreach (var (name, value) in machine) Console.WriteLine($"  {name}: {value}");
        if (!settings.Quick && MachineFacts.LoadAverage1Min() > Environment.ProcessorCount)
        {
            Console.WriteLine($"  WARNING: the 1-minute load average exceeds the core count; figures will be noisy.");
        }
        if (!File.Exists(BenchPaths.ModuleManifest))
        {
            Console.Error.WriteLine($"The staged module is missing: {BenchPaths.ModuleManifest}. Build first (dotnet build), or use dotnet run, which builds it.");
            return 1;
        }

        var table = new ResultTable();
        try
        {
            await using var emulator = await EmulatorServer.StartAsync(new EmulatorOptions
            {
                AccessKey = BenchEnvironment.AccessKey,
                SecretKey = BenchEnvironment.SecretKey,
            });
            Console.WriteLine($"Emulator on {emulator.Endpoint}; loading data…");
            var load = Stopwatch.StartNew();
            var data = BenchData.Load(emulator, settings, memoryStream: Selected("log-memory") || Selected("user-jobs"));
            Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:0.0} s");

            if (Selected("log-read"))
            {
                Console.WriteLine("1. Log read");
                await new LogReadScenario(emulator, data, settings, table).RunAsync();
            }
            if (Selected("log-memory"))
            {
                Console.WriteLine("2. Log memory");
                await new LogMemoryScenario(emulator, settings, table).RunAsync();
            }
            if (Selected("metric"))
            {
                Console.WriteLine("3. Metric query");
                await new MetricQueryScenario(emulator, data, settings, table).RunAsync();
            }
            if (Selected("wire-parse"))
            {
                Console.WriteLine("3b. Wire parse (no network)");
                await new WireParseScenario(emulator, settings, table).RunAsync();
            }
            if (Selected("plot"))
            {
                Console.WriteLine("4. Plot");
                new PlotScenario(settings, table).Run();
            }
            if (Selected("import"))
            {
                Console.WriteLine("5. Import");
                await new ImportScenario(settings, table).RunAsync();
            }
            if (Selected("log-write"))
            {
                Console.WriteLine("6. Log write");
                await new LogWriteScenario(emulator, settings, table).RunAsync();
            }
            if (Selected("metric-write"))
            {
                Console.WriteLine("7. Metric write");
                await new MetricWriteScenario(emulator, settings, table).RunAsync();
            }
            if (Selected("reporter"))
            {
                Console.WriteLine("8. Reporter overhead");
                await new ReporterOverheadScenario(emulator, settings, table).RunAsync();
            }
            if (Selected("user-jobs"))
            {
                Console.WriteLine("9. Users' jobs in pwsh vs the AWS CLI v2");
                await new UserJobsScenario(emulator, data, settings, table, peer: !args.Contains("--no-peer")).RunAsync();
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine("The benchmark harness failed: " + e);
            return 1;
        }

        Console.WriteLine();
        Console.WriteLine(table.Markdown());
        Console.Write(table.NotesMarkdown());
        var path = only is not null ? BenchPaths.PartialResultsFile : settings.Quick ? BenchPaths.QuickResultsFile : BenchPaths.ResultsFile;
        table.Write(path, command, started, clock.Elapsed, machine);
        Console.WriteLine();
        Console.WriteLine($"Written: {path}");
        var missed = table.Missed.ToList();
        if (missed.Count > 0)
        {
            Console.WriteLine($"Goals missed{(settings.Quick ? " (quick run: tiny sizes, not enforced)" : "")}: " + string.Join("; ", missed.Select(m => m.Metric)));
        }
        return !settings.Quick && missed.Count > 0 && args.Contains("--fail-on-missed") ? 3 : 0;
    }
}
