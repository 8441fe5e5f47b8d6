using System.Globalization;
using System.Text;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Bench.Raw;
using CloudWatcher.Emulator;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Users' jobs (issue 14), in the real pwsh against the emulator, each against the AWS CLI v2 on the same data in the
/// same run: a stream to a text file (100,000 and 1,000,000 events), a group of 20 streams filtered by a pattern to a
/// file, one metric and 20 series over 7 days × 60 s to a file; each as a whole process (pwsh -NoProfile -File job.ps1
/// against aws … &gt; file under /bin/sh) and in one long-lived pwsh session (the cmdlet against &amp; aws … &gt; file,
/// timed with a Stopwatch). Also: bare pwsh start, Import-Module and the first call (-File scripts); working-set
/// growth of Watch-CwLog | Out-Null over 100,000 and 1,000,000 events; PowerShell's per-object floor. Both tools'
/// outputs are checked: the same number of events (lines, points) and, for logs, the same messages in the same order.
/// </summary>
internal sealed class UserJobsScenario
{
    private const string FilterPattern = "ERROR";
    private const string Since = "3d";
    private readonly EmulatorServer _emulator;
    private readonly BenchData _data;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;
    private readonly bool _peer;
    private readonly string _dir;
    private string _config = "";
    private AwsCliPeer? _cli;

    public UserJobsScenario(EmulatorServer emulator, BenchData data, BenchSettings settings, ResultTable table, bool peer)
    {
        _emulator = emulator;
        _data = data;
        _settings = settings;
        _table = table;
        _peer = peer;
        _dir = Path.Combine(BenchPaths.WorkDirectory, "user-jobs");
    }

    private enum Kind { Log, Metric }

    /// <summary>One job: the PowerShell statement and the AWS CLI arguments that write the same data to a file.</summary>
    private sealed record Job(string Name, string Title, Kind Kind, string Cmdlet, string CmdletFile, IReadOnlyList<string> Cli, string CliFile, long Expected, double GoalRatio);

    private int Runs => _settings.Quick ? 1 : 3;

    public async Task RunAsync()
    {
        Directory.CreateDirectory(_dir);
        // "wire" prints timestamps as received (the faster setting for v2's get-metric-data; logs tail formats its own).
        _config = Path.Combine(_dir, "aws-cli-config");
        await File.WriteAllTextAsync(_config, "[default]\ncli_timestamp_format = wire\n");
        _cli = _peer ? await AwsCliPeer.FindAsync(_emulator.Endpoint, 2) : null;
        Console.WriteLine(_cli is null ? "  no AWS CLI v2 (or --no-peer): CloudWatcher side only" : $"  peer: {_cli.Version} ({_cli.Path})");

        var jobs = Jobs();
        await WholeProcessAsync(jobs);
        await SessionAsync(jobs);
        await ImportAsync();
        await BreakdownAsync(jobs.Where(j => j.Name is "stream-small" or "metric-one").ToList());
        await MemoryAsync();
    }

    /// <summary>
    /// Where a whole-process job's time goes: one pwsh -File per run that stamps the time since the process started
    /// (its /proc start time) when the script begins, after Import-Module, after the job (first call), and after the same
    /// job again (warm); the rest of the wall time is the process exit.
    /// </summary>
    private async Task BreakdownAsync(List<Job> jobs)
    {
        Console.WriteLine("  Whole-process breakdown: script start, import, first run of the job, second run, exit");
        foreach (var job in jobs)
        {
            var script = Path.Combine(_dir, job.Name + ".breakdown.ps1");
            await File.WriteAllTextAsync(script, $@"$ErrorActionPreference = 'Stop'
$began = (Get-Process -Id $PID).StartTime
function Stamp([string] $what) {{ 'BENCH-T ' + $what + ' ' + ((Get-Date) - $began).TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture) }}
Stamp script
{HostedEngine.ImportScript}
Stamp import
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
{job.Cmdlet}
Stamp first
{job.Cmdlet}
Stamp second
");
            var rows = new List<double[]>();
            for (var r = 0; r < Runs; r++)
            {
                var args = new List<string> { "-NoProfile", "-NonInteractive", "-File", script };
                var pwsh = BenchPaths.PwshDll;
                var file = pwsh;
                if (pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) { args.Insert(0, pwsh); file = "dotnet"; }
                var res = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(10));
                if (res.ExitCode != 0) throw new InvalidOperationException($"pwsh -File {script} exited {res.ExitCode}: {res.Stderr}{res.Stdout}");
                double T(string what) => ProcStatus.Numbers(res.Stdout, "BENCH-T " + what)[0];
                rows.Add(new[] { T("script"), T("import") - T("script"), T("first") - T("import"), T("second") - T("first"), res.Milliseconds - T("second"), res.Milliseconds });
            }
            double M(int k) => Measure.Median(rows.Select(x => x[k]).ToList());
            _table.Note(string.Create(CultureInfo.InvariantCulture,
                $"Whole-process breakdown, {job.Title} (pwsh -File, medians of {Runs}; times from the process's start time in /proc, 10 ms resolution): " +
                $"pwsh start to the script's first line {M(0):N0} ms, Import-Module {M(1):N0} ms, the job the first time (connection defaults set, engine and AWS SDK loaded and jitted) {M(2):N0} ms, " +
                $"the same job again in the same process {M(3):N0} ms, process exit (as the harness sees it) {M(4):N0} ms; wall {M(5):N0} ms."));
            Console.WriteLine($"    {job.Name}: start {M(0):N0}, import {M(1):N0}, first {M(2):N0}, second {M(3):N0}, exit {M(4):N0}, wall {M(5):N0} ms");
        }
    }

    private List<Job> Jobs()
    {
        var jobs = new List<Job>();
        string P(string name) => Path.Combine(_dir, name);
        var small = _settings.OneStreamEvents;
        var big = _settings.MemoryEvents;
        foreach (var (name, group, stream, n, wholeGoal) in new[]
                 {
                     ("stream-small", BenchData.OneStreamGroup, BenchData.OneStreamName, small, 1.0),
                     ("stream-big", BenchData.MemoryGroup, BenchData.MemoryStream, big, 2.0),
                 })
        {
            var cwFile = P($"{name}.cw.log");
            var cliFile = P($"{name}.cli.txt");
            jobs.Add(new Job(name, $"{N(n)}-event stream to a text file", Kind.Log,
                $"Export-CwLog -LogGroupName '{group}' -LogStreamName '{stream}' -Since {Since} -Path '{cwFile}' -Force",
                cwFile,
                new[] { "logs", "tail", group, "--log-stream-names", stream, "--since", Since, "--format", "short" }, cliFile, n, wholeGoal));
        }
        var filtered = 0L;
        var perStream = _settings.GroupEvents / _settings.GroupStreams;
        for (long j = 0; j < (long)perStream * _settings.GroupStreams; j++)
        {
            if (BenchData.Message(j).Contains(FilterPattern, StringComparison.Ordinal)) filtered++;
        }
        jobs.Add(new Job("group-filter", $"{_settings.GroupStreams} streams ({N(perStream * _settings.GroupStreams)} events) filtered by '{FilterPattern}' to a text file", Kind.Log,
            $"Export-CwLog -LogGroupName '{BenchData.ManyStreamsGroup}' -FilterPattern '{FilterPattern}' -Since {Since} -Path '{P("group-filter.cw.log")}' -Force",
            P("group-filter.cw.log"),
            new[] { "logs", "tail", BenchData.ManyStreamsGroup, "--filter-pattern", FilterPattern, "--since", Since, "--format", "short" },
            P("group-filter.cli.txt"), filtered, 0));

        foreach (var (name, ids) in new[] { ("metric-one", _data.InstanceIds.Take(1).ToArray()), ("metric-many", _data.InstanceIds) })
        {
            var query = new RawMetricReader.Query(BenchData.MetricNamespace, BenchData.MetricName, ids, _data.MetricStart, _data.MetricEnd, 60, "Average");
            var queries = P($"{name}.queries.json");
            File.WriteAllText(queries, AwsCliPeer.QueriesJson(query));
            var cwFile = P($"{name}.cw.csv");
            var points = (long)_settings.MetricDays * 24 * 60 * ids.Length;
            jobs.Add(new Job(name, $"{(ids.Length == 1 ? "one metric" : $"{ids.Length} series")}, {_settings.MetricDays} d × 60 s ({N(points)} points) to a file", Kind.Metric,
                $"Get-CwMetric -Namespace '{BenchData.MetricNamespace}' -MetricName '{BenchData.MetricName}' -InstanceId {string.Join(",", ids.Select(i => $"'{i}'"))} " +
                $"-StartTime {PsDate(_data.MetricStart)} -EndTime {PsDate(_data.MetricEnd)} -Period 60 -Statistic Average | Export-CwMetric -Path '{cwFile}' -Force",
                cwFile,
                new[] { "cloudwatch", "get-metric-data", "--metric-data-queries", "file://" + queries, "--start-time", Iso(_data.MetricStart), "--end-time", Iso(_data.MetricEnd), "--scan-by", "TimestampAscending" },
                P($"{name}.cli.json"), points, 2.0));
        }
        return jobs;
    }

    // ---------------------------------------------------------------- whole process

    private async Task WholeProcessAsync(List<Job> jobs)
    {
        Console.WriteLine("  Whole process: pwsh -NoProfile -File job.ps1 vs /bin/sh -c 'aws … > file'");
        // The quick (CI smoke) run starts pwsh for one log job and one metric job only: the same code paths, fewer process starts.
        foreach (var job in _settings.Quick ? jobs.Where(j => j.Name is "stream-small" or "metric-one") : jobs)
        {
            var script = Path.Combine(_dir, job.Name + ".ps1");
            await File.WriteAllTextAsync(script, $"$ErrorActionPreference = 'Stop'\n{HostedEngine.ImportScript}\n{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}\n{job.Cmdlet}\n");
            var cw = new List<double>();
            var cli = new List<double>();
            string check = "";
            for (var r = 0; r < Runs; r++)
            {
                Delete(job.CmdletFile);
                var run = await PwshFileAsync(script);
                cw.Add(run);
                check = CheckCmdletOutput(job);
                if (_cli is not null)
                {
                    Delete(job.CliFile);
                    cli.Add(await CliToFileAsync(job));
                    check = CheckBoth(job);
                }
            }
            Report(job, "whole process", cw, cli, check, job.GoalRatio);
        }
    }

    private static async Task<double> PwshFileAsync(string script)
    {
        var args = new List<string> { "-NoProfile", "-NonInteractive", "-File", script };
        var pwsh = BenchPaths.PwshDll;
        var file = pwsh;
        if (pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) { args.Insert(0, pwsh); file = "dotnet"; }
        var r = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0) throw new InvalidOperationException($"pwsh -File {script} exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        return r.Milliseconds;
    }

    private async Task<double> CliToFileAsync(Job job)
    {
        var command = Quote(_cli!.Path) + " " + string.Join(" ", CliArgs(job).Select(Quote)) + " > " + Quote(job.CliFile);
        var r = await ChildProcess.RunAsync("/bin/sh", new[] { "-c", command }, TimeSpan.FromMinutes(10), CliEnvironment());
        if (r.ExitCode != 0) throw new InvalidOperationException($"{_cli.Version} {string.Join(" ", job.Cli.Take(2))} exited {r.ExitCode}: {r.Stderr}");
        return r.Milliseconds;
    }

    private IEnumerable<string> CliArgs(Job job) => job.Cli.Concat(new[]
    {
        "--endpoint-url", _emulator.Endpoint.ToString().TrimEnd('/'), "--region", BenchEnvironment.Region, "--output", "json", "--no-cli-pager",
    });

    private Dictionary<string, string?> CliEnvironment() => new()
    {
        ["AWS_ACCESS_KEY_ID"] = BenchEnvironment.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = BenchEnvironment.SecretKey,
        ["AWS_PAGER"] = "",
        ["AWS_CONFIG_FILE"] = _config,
    };

    // ---------------------------------------------------------------- one open session

    private async Task SessionAsync(List<Job> jobs)
    {
        Console.WriteLine("  One open pwsh session: the cmdlet vs & aws … > file (Stopwatch), interleaved");
        var floorN = _settings.OneStreamEvents;
        var sb = new StringBuilder();
        sb.AppendLine("$ErrorActionPreference = 'Stop'");
        sb.AppendLine(HostedEngine.ImportScript);
        sb.AppendLine(BenchEnvironment.ConnectionDefaults(_emulator.Endpoint));
        foreach (var (k, v) in CliEnvironment()) sb.AppendLine($"$env:{k} = '{v}'");
        sb.AppendLine("function T([scriptblock] $b) { $sw = [Diagnostics.Stopwatch]::StartNew(); $null = & $b; $sw.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture) }");
        // Warm-up: what the session has done before (module loaded, first calls jitted).
        sb.AppendLine($"Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10 | Out-Null");
        sb.AppendLine(jobs[0].Cmdlet);
        sb.AppendLine(jobs.First(j => j.Kind == Kind.Metric).Cmdlet);
        var asTextFile = Path.Combine(_dir, "stream-small.astext.log");
        for (var r = 0; r < Runs; r++)
        {
            foreach (var job in jobs)
            {
                sb.AppendLine($"Remove-Item -LiteralPath '{job.CmdletFile}' -ErrorAction Ignore");
                sb.AppendLine($"'BENCH-JOB {job.Name} cw ' + (T {{ {job.Cmdlet} }})");
                sb.AppendLine($"'BENCH-CHECK {job.Name}'");
                if (_cli is not null)
                {
                    sb.AppendLine($"'BENCH-JOB {job.Name} cli ' + (T {{ & '{_cli.Path}' {string.Join(" ", CliArgs(job).Select(PsQuote))} > '{job.CliFile}'; if ($LASTEXITCODE) {{ throw \"aws exited $LASTEXITCODE\" }} }})");
                }
            }
            // The old way (issue 14's starting point): one object per event through the pipeline.
            sb.AppendLine($"'BENCH-JOB astext cw ' + (T {{ Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -AsText | Set-Content -LiteralPath '{asTextFile}' }})");
            // What -AsText itself costs: lines against objects, both into Out-Null (no file, no Set-Content).
            sb.AppendLine($"'BENCH-JOB astextnull cw ' + (T {{ Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -AsText | Out-Null }})");
            sb.AppendLine($"'BENCH-JOB objectsnull cw ' + (T {{ Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' | Out-Null }})");
            // PowerShell's per-object floor: new [pscustomobject]s through ForEach-Object, and ready-made ones written by a script block, into Out-Null.
            sb.AppendLine($"'BENCH-FLOOR create ' + (T {{ 1..{floorN} | ForEach-Object {{ [pscustomobject]@{{ Id = $_ }} }} | Out-Null }})");
            if (r == 0) sb.AppendLine($"$objs = foreach ($i in 1..{floorN}) {{ [pscustomobject]@{{ Id = $i }} }}");
            sb.AppendLine("'BENCH-FLOOR pipe ' + (T { & { foreach ($o in $objs) { $o } } | Out-Null })");
        }
        var script = Path.Combine(_dir, "session.ps1");
        await File.WriteAllTextAsync(script, sb.ToString());
        var args = new List<string> { "-NoProfile", "-NonInteractive", "-File", script };
        var pwsh = BenchPaths.PwshDll;
        var file = pwsh;
        if (pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) { args.Insert(0, pwsh); file = "dotnet"; }
        var result = await ChildProcess.RunAsync(file, args, TimeSpan.FromMinutes(20));
        if (result.ExitCode != 0) throw new InvalidOperationException($"the pwsh session exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        var lines = result.Stdout.Split('\n').Select(l => l.Trim()).ToList();
        List<double> Times(string name, string side) => lines.Where(l => l.StartsWith($"BENCH-JOB {name} {side} ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture)).ToList();
        foreach (var job in jobs)
        {
            // The files left are the last run's.
            var check = _cli is null ? CheckCmdletOutput(job) : CheckBoth(job);
            Report(job, "open session", Times(job.Name, "cw"), Times(job.Name, "cli"), check, job.Name.StartsWith("stream-", StringComparison.Ordinal) ? 3.0 : job.GoalRatio);
        }
        var asText = Measure.Median(Times("astext", "cw"));
        var cliSmall = Measure.Median(Times(jobs[0].Name, "cli"));
        var asTextLines = CountLines(asTextFile);
        if (asTextLines != _settings.OneStreamEvents) throw new InvalidOperationException($"Get-CwLog -AsText | Set-Content wrote {asTextLines} lines; expected {_settings.OneStreamEvents}.");
        _table.Add(new ResultRow($"Job (reference, open session): {N(_settings.OneStreamEvents)}-event stream via Get-CwLog -AsText | Set-Content",
            Ms(asText), _cli is null ? "—" : "aws logs tail " + Ms(cliSmall), _cli is null ? "—" : X(cliSmall / asText) + " (aws time ÷ ours)", "—", null));
        var asTextNull = Measure.Median(Times("astextnull", "cw"));
        var objectsNull = Measure.Median(Times("objectsnull", "cw"));
        _table.Add(new ResultRow($"Reference, open session: {N(_settings.OneStreamEvents)} events into Out-Null, Get-CwLog -AsText (lines) vs Get-CwLog (LogEvent objects)",
            Ms(asTextNull), "objects " + Ms(objectsNull), $"{asTextNull / objectsNull:0.00}× the objects' time", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Get-CwLog -AsText | Out-Null: {Join(Times("astextnull", "cw"))} ms; Get-CwLog | Out-Null: {Join(Times("objectsnull", "cw"))} ms (a line costs one string, formatted in place)."));
        double Floor(string kind) => Measure.Median(lines.Where(l => l.StartsWith("BENCH-FLOOR " + kind + " ", StringComparison.Ordinal))
            .Select(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture)).ToList());
        var create = Floor("create");
        var pipe = Floor("pipe");
        _table.Add(new ResultRow($"PowerShell per-object floor, {N(floorN)} objects into Out-Null (pwsh)",
            $"ready-made: {Ms(pipe)} = {pipe * 1000 / floorN:0.00} µs an object", $"new [pscustomobject] via ForEach-Object: {Ms(create)} = {create * 1000 / floorN:0.00} µs an object", "—", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"User jobs, open session: one pwsh child imports the module, reads 10 events and runs the 100,000-event export and one metric export once (untimed warm-up), " +
            $"then {Runs} rounds of every job, the cmdlet and `& aws … > file` one after the other, each timed with a Stopwatch around the statement. " +
            $"Get-CwLog -AsText | Set-Content (one object per event): {Join(Times("astext", "cw"))} ms. Per-object floor: `1..{floorN} | ForEach-Object {{ [pscustomobject]@{{ Id = $_ }} }} | Out-Null` " +
            $"{Join(lines.Where(l => l.StartsWith("BENCH-FLOOR create ", StringComparison.Ordinal)).Select(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture)))} ms; " +
            $"`& {{ foreach ($o in $objs) {{ $o }} }} | Out-Null` over ready-made objects " +
            $"{Join(lines.Where(l => l.StartsWith("BENCH-FLOOR pipe ", StringComparison.Ordinal)).Select(l => double.Parse(l.Split(' ')[^1], CultureInfo.InvariantCulture)))} ms."));
    }

    private void Report(Job job, string how, List<double> cw, List<double> cli, string check, double goalRatio)
    {
        var cwMs = Measure.Median(cw);
        var goal = goalRatio > 0 ? (goalRatio == 1 ? "≥ 1× (at least as fast)" : $"≥ {goalRatio:0}×") : "—";
        if (_cli is null || cli.Count == 0)
        {
            _table.Add(new ResultRow($"Job ({how}): {job.Title}", Ms(cwMs), "n/a (no AWS CLI v2)", "—", goal, null));
        }
        else
        {
            var cliMs = Measure.Median(cli);
            var ratio = cliMs / cwMs;
            bool? met = goalRatio > 0 && !_settings.Quick ? ratio >= goalRatio : null;
            _table.Add(new ResultRow($"Job ({how}): {job.Title}", Ms(cwMs), $"{(job.Kind == Kind.Log ? "aws logs tail" : "aws cloudwatch get-metric-data")} {Ms(cliMs)}",
                X(ratio) + " (aws time ÷ ours)", goal, met));
        }
        // InvariantGlobalization: every culture formats as the invariant one.
        _table.Note(
            $"Job ({how}), {job.Title}: CloudWatcher `{Short(job.Cmdlet)}` {Join(cw)} ms" +
            (cli.Count > 0 ? $"; {_cli!.Version} `aws {string.Join(" ", job.Cli.Select(a => a.StartsWith("file://", StringComparison.Ordinal) ? "file://queries.json" : a))} > file` {Join(cli)} ms" : "") +
            $"; output: {check}.");
    }

    // ---------------------------------------------------------------- checks

    private static string CheckCmdletOutput(Job job)
    {
        if (job.Kind == Kind.Log)
        {
            var n = CountLines(job.CmdletFile);
            if (n != job.Expected) throw new InvalidOperationException($"{job.Name}: Export-CwLog wrote {n} lines; expected {job.Expected}.");
            return $"Export-CwLog {N(n)} lines";
        }
        var points = CsvPoints(job.CmdletFile);
        if (points != job.Expected) throw new InvalidOperationException($"{job.Name}: Export-CwMetric wrote {points} values; expected {job.Expected}.");
        return $"Export-CwMetric CSV {N(points)} values";
    }

    private static string CheckBoth(Job job)
    {
        var mine = CheckCmdletOutput(job);
        if (job.Kind == Kind.Log)
        {
            var n = CountLines(job.CliFile);
            if (n != job.Expected) throw new InvalidOperationException($"{job.Name}: aws logs tail wrote {n} lines; expected {job.Expected}.");
            // Export-CwLog: "[dd-mm-YYYY HH:MM:SS UTC] message"; tail --format short: "YYYY-MM-DDTHH:MM:SS message".
            long differ = 0;
            using (var a = File.ReadLines(job.CmdletFile).GetEnumerator())
            using (var b = File.ReadLines(job.CliFile).GetEnumerator())
            {
                while (a.MoveNext() && b.MoveNext())
                {
                    var ma = a.Current[(a.Current.IndexOf("] ", StringComparison.Ordinal) + 2)..];
                    var mb = b.Current[(b.Current.IndexOf(' ', StringComparison.Ordinal) + 1)..];
                    if (!string.Equals(ma, mb, StringComparison.Ordinal)) differ++;
                }
            }
            if (differ > 0) throw new InvalidOperationException($"{job.Name}: {differ} lines carry different messages in the two files.");
            return $"{mine}, aws {N(n)} lines, the same messages in the same order";
        }
        var (points, _) = RawMetricReader.CountJsonValues(File.ReadAllBytes(job.CliFile));
        if (points != job.Expected) throw new InvalidOperationException($"{job.Name}: aws get-metric-data wrote {points} values; expected {job.Expected}.");
        return $"{mine}, aws JSON {N(points)} values ({new FileInfo(job.CmdletFile).Length / 1024.0:N0} KiB CSV vs {new FileInfo(job.CliFile).Length / 1024.0:N0} KiB JSON)";
    }

    private static long CountLines(string path)
    {
        long n = 0;
        foreach (var _ in File.ReadLines(path)) n++;
        return n;
    }

    /// <summary>Non-empty value cells of an Export-CwMetric CSV (time column first, one column per series).</summary>
    private static long CsvPoints(string path)
    {
        long n = 0;
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            for (var i = 1; i < cells.Length; i++) if (cells[i].Length > 0) n++;
        }
        return n;
    }

    // ---------------------------------------------------------------- import and first call

    private async Task ImportAsync()
    {
        Console.WriteLine("  Import and first call: bare pwsh -File vs Import-Module vs Import-Module + Get-CwLog -Limit 10");
        var bare = Path.Combine(_dir, "bare.ps1");
        var import = Path.Combine(_dir, "import.ps1");
        var first = Path.Combine(_dir, "first-call.ps1");
        await File.WriteAllTextAsync(bare, "$null\n");
        await File.WriteAllTextAsync(import, $"$ErrorActionPreference = 'Stop'\n{HostedEngine.ImportScript}\n");
        await File.WriteAllTextAsync(first, $"$ErrorActionPreference = 'Stop'\n{HostedEngine.ImportScript}\n{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}\n" +
            // Assigned and counted, not piped to Measure-Object: its first use in a process (~30-40 ms) is PowerShell's, not the call's.
            $"$r = Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10\nif ($r.Count -ne 10) {{ throw \"read $($r.Count) events\" }}\n");
        if (!_settings.Quick)
        {
            foreach (var s in new[] { bare, import, first }) await PwshFileAsync(s); // file cache
        }
        var runs = _settings.Quick ? 1 : 7;
        var tb = new List<double>();
        var ti = new List<double>();
        var tf = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            tb.Add(await PwshFileAsync(bare));
            ti.Add(await PwshFileAsync(import));
            tf.Add(await PwshFileAsync(first));
        }
        double b = Measure.Median(tb), i = Measure.Median(ti), f = Measure.Median(tf);
        var interactive = await InteractiveFirstCallAsync(runs);
        _table.Add(new ResultRow("Import-Module above a bare pwsh start (pwsh -File)", $"{Signed(i - b)} ({Ms(i)})", $"bare pwsh start {Ms(b)}", "—", "≤ 100 ms",
            _settings.Quick ? null : i - b <= 100));
        _table.Add(new ResultRow("Import + first call (Get-CwLog -Limit 10) above a bare pwsh start (pwsh -File)", $"{Signed(f - b)} ({Ms(f)}; the call alone {Signed(f - i)})", $"bare pwsh start {Ms(b)}", "—",
            "≤ 150 ms", _settings.Quick ? null : f - b <= 150));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Import and first call: process wall time of `pwsh -NoProfile -NonInteractive -File` (the dotnet tool's pwsh.dll through the dotnet muxer), medians of {runs}, interleaved: " +
            $"bare ($null) {Join(tb)} ms; Import-Module {Join(ti)} ms; Import-Module + Get-CwLog -Limit 10 (emulator) {Join(tf)} ms. " +
            $"The goal is read as: import ≤ 100 ms above the bare start, and import + first call ≤ 150 ms above it (the call alone: +{f - i:N0} ms)."));
        _table.Add(new ResultRow("First call in an interactive session (Get-CwLog -Limit 10, 2 s after Import-Module, in-process Stopwatch)",
            Ms(Measure.Median(interactive.On)), $"warm-up off (CLOUDWATCHER_WARMUP=0) {Ms(Measure.Median(interactive.Off))}", "—", "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Interactive first call: one pwsh per run imports the module, waits 2 s (a user typing), then times `$r = Get-CwLog … -Limit 10`; " +
            $"with the import's warm-up {Join(interactive.On)} ms, without it {Join(interactive.Off)} ms."));
    }

    /// <summary>The first call as a user at a prompt meets it: the import's warm-up has had the time it needs.</summary>
    private async Task<(List<double> On, List<double> Off)> InteractiveFirstCallAsync(int runs)
    {
        string Script(bool warmUp) => $@"$ErrorActionPreference = 'Stop'
{(warmUp ? "" : "$env:CLOUDWATCHER_WARMUP = '0'")}
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
Start-Sleep -Seconds 2
$sw = [Diagnostics.Stopwatch]::StartNew()
$r = Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10
$ms = $sw.Elapsed.TotalMilliseconds
if ($r.Count -ne 10) {{ throw ""read $($r.Count) events"" }}
'BENCH-MS ' + $ms.ToString([Globalization.CultureInfo]::InvariantCulture)
";
        var on = new List<double>();
        var off = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            foreach (var warmUp in new[] { true, false })
            {
                var result = await ChildProcess.PwshAsync(Script(warmUp), TimeSpan.FromMinutes(2));
                if (result.ExitCode != 0 || !result.Stdout.Contains("BENCH-MS", StringComparison.Ordinal)) throw new InvalidOperationException($"pwsh exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
                (warmUp ? on : off).Add(ProcStatus.Numbers(result.Stdout, "BENCH-MS")[0]);
            }
        }
        return (on, off);
    }

    // ---------------------------------------------------------------- memory

    private async Task MemoryAsync()
    {
        Console.WriteLine("  Memory: Watch-CwLog | Out-Null, working-set growth at two sizes (pwsh children)");
        var small = await WatchAsync(BenchData.OneStreamGroup, BenchData.OneStreamName);
        var big = await WatchAsync(BenchData.MemoryGroup, BenchData.MemoryStream);
        var diff = big.Growth - small.Growth;
        _table.Add(new ResultRow($"Memory: pwsh working-set growth, Watch-CwLog | Out-Null, {N(_settings.OneStreamEvents)} vs {N(_settings.MemoryEvents)} events",
            $"{small.Growth:0.0} MB vs {big.Growth:0.0} MB", "—", $"{diff:+0.0;-0.0} MB", "within 10 MB", _settings.Quick ? null : Math.Abs(diff) <= 10));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Memory (one pwsh child per size): import, Get-CwLog -Limit 10, full GC, peak reset (/proc/self/clear_refs), then Watch-CwLog (no -Follow: reads to the end) | Out-Null; " +
            $"growth = VmHWM at the end − VmRSS before the read. {N(_settings.OneStreamEvents)} events: RSS before {small.Before:0.0} MB, peak {small.Before + small.Growth:0.0} MB, {Ms(small.Ms)}, heap at the end {small.Heap:0.0} MB; " +
            $"{N(_settings.MemoryEvents)} events: RSS before {big.Before:0.0} MB, peak {big.Before + big.Growth:0.0} MB, {Ms(big.Ms)}, heap at the end {big.Heap:0.0} MB."));

        // The same two reads one after the other in one process: no start-to-start RSS difference between two processes.
        var one = await WatchBothAsync();
        var oneDiff = one[1].Growth - one[0].Growth;
        _table.Add(new ResultRow($"Memory, one pwsh process: working-set growth, Watch-CwLog | Out-Null, {N(_settings.OneStreamEvents)} then {N(_settings.MemoryEvents)} events",
            $"{one[0].Growth:0.0} MB vs {one[1].Growth:0.0} MB", "—", $"{oneDiff:+0.0;-0.0} MB; peak {one[1].Before + one[1].Growth - (one[0].Before + one[0].Growth):+0.0;-0.0} MB",
            "— (the second read starts from what the first left)", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Memory, one pwsh process: import, Get-CwLog -Limit 10, then for each size a full GC, peak reset, Watch-CwLog | Out-Null; growth = VmHWM after − VmRSS before. " +
            $"{N(_settings.OneStreamEvents)} events: RSS before {one[0].Before:0.0} MB, peak {one[0].Before + one[0].Growth:0.0} MB, heap after {one[0].Heap:0.0} MB; " +
            $"{N(_settings.MemoryEvents)} events: RSS before {one[1].Before:0.0} MB, peak {one[1].Before + one[1].Growth:0.0} MB, heap after {one[1].Heap:0.0} MB."));
    }

    private async Task<(double Before, double Growth, double Heap)[]> WatchBothAsync()
    {
        var sb = new StringBuilder($@"$ErrorActionPreference = 'Stop'
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10 | Out-Null
");
        var cases = new[] { (BenchData.OneStreamGroup, BenchData.OneStreamName), (BenchData.MemoryGroup, BenchData.MemoryStream) };
        for (var k = 0; k < cases.Length; k++)
        {
            sb.AppendLine(ProcStatus.StatusLine($"BENCH-BEFORE{k}"));
            sb.AppendLine("[IO.File]::WriteAllText('/proc/self/clear_refs', '5')");
            sb.AppendLine($"Watch-CwLog -LogGroupName '{cases[k].Item1}' -LogStreamName '{cases[k].Item2}' | Out-Null");
            sb.AppendLine($"'BENCH-AFTER{k} ' + [IO.File]::ReadAllText('/proc/self/status')");
            sb.AppendLine($"'BENCH-HEAP{k} ' + [GC]::GetGCMemoryInfo().HeapSizeBytes");
        }
        sb.AppendLine("'BENCH-DONE'");
        var r = await ChildProcess.PwshAsync(sb.ToString(), TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0 || !r.Stdout.Contains("BENCH-DONE", StringComparison.Ordinal)) throw new InvalidOperationException($"pwsh exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        var result = new (double Before, double Growth, double Heap)[cases.Length];
        for (var k = 0; k < cases.Length; k++)
        {
            var before = ProcStatus.Kb(ProcStatus.Between(r.Stdout, $"BENCH-BEFORE{k}", $"BENCH-AFTER{k}"), "VmRSS") / 1024.0;
            var peak = ProcStatus.Kb(ProcStatus.Between(r.Stdout, $"BENCH-AFTER{k}", $"BENCH-HEAP{k}"), "VmHWM") / 1024.0;
            result[k] = (before, peak - before, ProcStatus.Numbers(r.Stdout, $"BENCH-HEAP{k}")[0] / 1048576.0);
        }
        return result;
    }

    private async Task<(double Before, double Growth, double Ms, double Heap)> WatchAsync(string group, string stream)
    {
        var script = $@"$ErrorActionPreference = 'Stop'
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10 | Out-Null
{ProcStatus.StatusLine("BENCH-START")}
[IO.File]::WriteAllText('/proc/self/clear_refs', '5')
$sw = [Diagnostics.Stopwatch]::StartNew()
Watch-CwLog -LogGroupName '{group}' -LogStreamName '{stream}' | Out-Null
$ms = $sw.Elapsed.TotalMilliseconds
'BENCH-END ' + [IO.File]::ReadAllText('/proc/self/status')
'BENCH-MS ' + $ms.ToString([Globalization.CultureInfo]::InvariantCulture) + ' ' + [GC]::GetGCMemoryInfo().HeapSizeBytes
";
        var r = await ChildProcess.PwshAsync(script, TimeSpan.FromMinutes(10));
        if (r.ExitCode != 0 || !r.Stdout.Contains("BENCH-MS", StringComparison.Ordinal)) throw new InvalidOperationException($"pwsh exited {r.ExitCode}: {r.Stderr}{r.Stdout}");
        var start = ProcStatus.Between(r.Stdout, "BENCH-START", "BENCH-END");
        var end = ProcStatus.Between(r.Stdout, "BENCH-END", "BENCH-MS");
        var nums = ProcStatus.Numbers(r.Stdout, "BENCH-MS");
        var rss = ProcStatus.Kb(start, "VmRSS") / 1024.0;
        return (rss, ProcStatus.Kb(end, "VmHWM") / 1024.0 - rss, nums[0], nums[1] / 1048576.0);
    }

    // ---------------------------------------------------------------- helpers

    private static void Delete(string path)
    {
        if (File.Exists(path)) File.Delete(path);
    }

    private static string Signed(double ms) => ms.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture) + " ms";

    private static string Join(IEnumerable<double> values) => string.Join("/", values.Select(v => v.ToString("0", CultureInfo.InvariantCulture)));

    private static string Short(string cmdlet) => Trim(cmdlet.Replace(BenchPaths.RepoRoot + "/", "", StringComparison.Ordinal));

    private static string Trim(string cmdlet) => cmdlet.Length > 160 ? cmdlet[..100] + " … " + cmdlet[cmdlet.IndexOf(" | ", StringComparison.Ordinal)..] : cmdlet;

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string PsQuote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Iso(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string PsDate(DateTime time) =>
        $"([DateTime]::Parse('{Iso(time)}', [Globalization.CultureInfo]::InvariantCulture, 'AdjustToUniversal,AssumeUniversal'))";
}
