using System.Globalization;
using CloudWatcher.Bench.Infrastructure;
using static CloudWatcher.Bench.Infrastructure.ResultTable;

namespace CloudWatcher.Bench.Scenarios;

/// <summary>
/// Import-Module of the staged module: in a warm process (a new runspace each time, median), and a cold process start
/// with the import (pwsh -Command 'Import-Module …') against a bare pwsh start (pwsh -Command '$null').
/// </summary>
internal sealed class ImportScenario
{
    private const double WarmGoalMs = 100;
    private readonly BenchSettings _settings;
    private readonly ResultTable _table;

    public ImportScenario(BenchSettings settings, ResultTable table)
    {
        _settings = settings;
        _table = table;
    }

    public async Task RunAsync()
    {
        Console.WriteLine("  Import-Module, warm engine");
        using (new HostedEngine(endpoint: null, import: true))
        {
            // The first import in the process (assembly loading) is not the warm figure.
        }
        var warm = new List<double>();
        for (var i = 0; i < _settings.ImportRuns; i++)
        {
            using var engine = new HostedEngine(endpoint: null, import: false);
            Measure.Settle();
            warm.Add(Measure.Milliseconds(engine.Import));
        }
        var warmMs = Measure.Median(warm);
        _table.Add(new ResultRow("Import-Module, warm engine (new runspace)", Ms(warmMs), "—", "—", $"≤ {WarmGoalMs:0} ms", warmMs <= WarmGoalMs));

        Console.WriteLine("  pwsh cold start with and without Import-Module");
        var importCommand = HostedEngine.ImportScript;
        await ChildProcess.PwshAsync("$null", TimeSpan.FromMinutes(2)); // file cache warm-up for both
        await ChildProcess.PwshAsync(importCommand, TimeSpan.FromMinutes(2));
        var cold = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < _settings.ColdStartRuns; i++)
        {
            bare.Add(Ensure(await ChildProcess.PwshAsync("$null", TimeSpan.FromMinutes(2))));
            cold.Add(Ensure(await ChildProcess.PwshAsync(importCommand, TimeSpan.FromMinutes(2))));
        }
        var coldMs = Measure.Median(cold);
        var bareMs = Measure.Median(bare);
        _table.Add(new ResultRow("Cold pwsh start + Import-Module (pwsh -Command)", Ms(coldMs), "bare pwsh start " + Ms(bareMs),
            X(coldMs / bareMs), "—", null));
        _table.Note(string.Create(CultureInfo.InvariantCulture,
            $"Import: warm median of {_settings.ImportRuns} ({string.Join(", ", warm.Select(w => w.ToString("0", CultureInfo.InvariantCulture)))} ms); " +
            $"cold median of {_settings.ColdStartRuns}: the import adds {coldMs - bareMs:N0} ms to a {bareMs:N0} ms pwsh start (process wall time, dotnet muxer included)."));
    }

    private static double Ensure(ChildProcess.Result r) =>
        r.ExitCode == 0 ? r.Milliseconds : throw new InvalidOperationException($"pwsh exited {r.ExitCode}: {r.Stderr}");
}
