using System.Diagnostics;

namespace CloudWatcher.Metrics.Reporting;

/// <summary>One reading of a process metric: its name, unit and value.</summary>
public sealed record ProcessReading(string MetricName, string Unit, double Value);

/// <summary>
/// The pwsh process's own metrics, read at each flush of a reporter (-IncludeProcessMetrics): processor time used since
/// the previous reading, working set, private bytes, the managed heap, garbage collections of each generation since the
/// previous reading, threads and handles (on Linux and macOS, open file descriptors). Counts "since the previous reading"
/// make each value the work of one interval, so Sum over a period is the work in that period.
/// </summary>
public sealed class ProcessMetrics : IDisposable
{
    public const string Prefix = "Process.";

    /// <summary>The metric names, in the order a reading lists them (each a metric billed per month).</summary>
    public static readonly IReadOnlyList<string> Names = new[]
    {
        Prefix + "CpuTime", Prefix + "WorkingSet", Prefix + "PrivateBytes", Prefix + "GcHeapSize",
        Prefix + "Gen0Collections", Prefix + "Gen1Collections", Prefix + "Gen2Collections", Prefix + "Threads", Prefix + "Handles",
    };

    private readonly Process _process = Process.GetCurrentProcess();
    private TimeSpan _cpu;
    private readonly int[] _collections = new int[3];

    public ProcessMetrics()
    {
        _cpu = _process.TotalProcessorTime;
        for (var g = 0; g < 3; g++)
        {
            _collections[g] = GC.CollectionCount(g);
        }
    }

    public void Dispose() => _process.Dispose();

    /// <summary>Reads the process now; what cannot be read on this platform is left out.</summary>
    public IReadOnlyList<ProcessReading> Read()
    {
        var readings = new List<ProcessReading>(Names.Count);
        _process.Refresh();
        var cpu = _process.TotalProcessorTime;
        readings.Add(new ProcessReading(Names[0], "Seconds", Math.Max(0, (cpu - _cpu).TotalSeconds)));
        _cpu = cpu;
        readings.Add(new ProcessReading(Names[1], "Bytes", _process.WorkingSet64));
        readings.Add(new ProcessReading(Names[2], "Bytes", _process.PrivateMemorySize64));
        readings.Add(new ProcessReading(Names[3], "Bytes", GC.GetTotalMemory(forceFullCollection: false)));
        for (var g = 0; g < 3; g++)
        {
            var count = GC.CollectionCount(g);
            readings.Add(new ProcessReading(Names[4 + g], "Count", Math.Max(0, count - _collections[g])));
            _collections[g] = count;
        }
        readings.Add(new ProcessReading(Names[7], "Count", _process.Threads.Count));
        try
        {
            readings.Add(new ProcessReading(Names[8], "Count", _process.HandleCount));
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Not every platform counts handles.
        }
        return readings;
    }
}
