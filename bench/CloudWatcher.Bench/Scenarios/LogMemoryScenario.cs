using System.Globalization;
using System.Text.RegularExpressions;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Emulator;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Peak working-set growth while a million events stream through Watch-CwLog | Out-Null, in a pwsh child process
/// (so the emulator's memory, which lives in this process, is not counted). The child resets its peak (VmHWM) after
/// Import-Module through /proc/self/clear_refs and reports VmRSS/VmHWM from /proc/self/status.
/// </summary>
internal sealed class LogMemoryScenario
{
    private const double GoalMb = 50;
    private readonly EmulatorServer _emulator;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public LogMemoryScenario(EmulatorServer emulator, BenchSettings settings, ResultTable table)
    {
        _emulator = emulator;
        _settings = settings;
        _table = table;
    }

    public async Task RunAsync()
    {
        var script = $@"$ErrorActionPreference = 'Stop'
{HostedEngine.ImportScript}
{BenchEnvironment.ConnectionDefaults(_emulator.Endpoint)}
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
'BENCH-IMPORT ' + [IO.File]::ReadAllText('/proc/self/status')
Get-CwLog -LogGroupName '{BenchData.OneStreamGroup}' -LogStreamName '{BenchData.OneStreamName}' -Limit 10 | Out-Null
[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()
'BENCH-FIRSTREAD ' + [IO.File]::ReadAllText('/proc/self/status')
$reset = $true
try {{ [IO.File]::WriteAllText('/proc/self/clear_refs', '5') }} catch {{ $reset = $false }}
'BENCH-RESET ' + $reset
$sw = [Diagnostics.Stopwatch]::StartNew()
Watch-CwLog -LogGroupName '{BenchData.MemoryGroup}' -LogStreamName '{BenchData.MemoryStream}' | Out-Null
'BENCH-MS ' + $sw.Elapsed.TotalMilliseconds.ToString([Globalization.CultureInfo]::InvariantCulture)
'BENCH-END ' + [IO.File]::ReadAllText('/proc/self/status')
'BENCH-GC ' + [GC]::CollectionCount(0) + ' ' + [GC]::CollectionCount(1) + ' ' + [GC]::CollectionCount(2) + ' ' + [GC]::GetGCMemoryInfo().HeapSizeBytes
";
        var requestsBefore = _emulator.Stats.Count("GetLogEvents");
        Console.WriteLine($"  Watch-CwLog, {N(_settings.MemoryEvents)} events, in a pwsh child process");
        var result = await ChildProcess.PwshAsync(script, TimeSpan.FromMinutes(15));
        if (result.ExitCode != 0 || !result.Stdout.Contains("BENCH-END", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"pwsh exited {result.ExitCode}: {result.Stderr}{result.Stdout}");
        }
        var pages = _emulator.Stats.Count("GetLogEvents") - requestsBefore;
        var importPart = Between(result.Stdout, "BENCH-IMPORT", "BENCH-FIRSTREAD");
        var firstReadPart = Between(result.Stdout, "BENCH-FIRSTREAD", "BENCH-RESET");
        var rssFirstRead = Kb(firstReadPart, "VmRSS");
        var endPart = Between(result.Stdout, "BENCH-END", "BENCH-GC");
        var reset = result.Stdout.Contains("BENCH-RESET True", StringComparison.Ordinal);
        var rssImport = Kb(importPart, "VmRSS");
        var hwmImport = Kb(importPart, "VmHWM");
        var hwmEnd = Kb(endPart, "VmHWM");
        var rssEnd = Kb(endPart, "VmRSS");
        var ms = double.Parse(Regex.Match(result.Stdout, @"BENCH-MS ([0-9.]+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var gc = Regex.Match(result.Stdout, @"BENCH-GC (\d+) (\d+) (\d+) (\d+)");

        var growthMb = (hwmEnd - rssImport) / 1024.0;
        _table.Add(new ResultRow($"Log memory: peak working-set growth, {N(_settings.MemoryEvents)} events through Watch-CwLog | Out-Null",
            growthMb.ToString("0.0", CultureInfo.InvariantCulture) + " MB", "—", "—", $"< {GoalMb:0} MB", growthMb < GoalMb));
        // InvariantGlobalization: every culture formats as the invariant one.
        _table.Note(
            $"Log memory (pwsh child): VmRSS after import {rssImport / 1024.0:0.0} MB, after a 10-event Get-CwLog (engine, AWS SDK loaded and jitted) " +
            $"{rssFirstRead / 1024.0:0.0} MB, so the read itself grows {(hwmEnd - rssFirstRead) / 1024.0:0.0} MB; peak (VmHWM) during the read {hwmEnd / 1024.0:0.0} MB" +
            (reset ? " (peak reset after import via /proc/self/clear_refs)" : $" (clear_refs unavailable: peak since process start; it was {hwmImport / 1024.0:0.0} MB at import)") +
            $", VmRSS at the end {rssEnd / 1024.0:0.0} MB; {N(_settings.MemoryEvents / (ms / 1000))} ev/s over {pages} GetLogEvents pages; " +
            $"GC gen0/1/2 {gc.Groups[1].Value}/{gc.Groups[2].Value}/{gc.Groups[3].Value}, managed heap at the end {long.Parse(gc.Groups[4].Value, CultureInfo.InvariantCulture) / 1048576.0:0.0} MB.");
    }

    private static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        var j = text.IndexOf(end, i + 1, StringComparison.Ordinal);
        return i < 0 ? "" : j < 0 ? text[i..] : text[i..j];
    }

    private static long Kb(string status, string field)
    {
        var m = Regex.Match(status, field + @":\s+(\d+) kB");
        if (!m.Success) throw new InvalidOperationException($"{field} not found in /proc/self/status output: {status}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
