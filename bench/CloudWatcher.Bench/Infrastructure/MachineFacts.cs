using System.Globalization;
using System.Runtime.InteropServices;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>What the figures were measured on (they mean little without it).</summary>
internal static class MachineFacts
{
    public static IReadOnlyList<(string Name, string Value)> Collect() => new List<(string, string)>
    {
        ("CPU", CpuModel()),
        ("Cores (logical, visible to .NET)", Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture)),
        ("Memory", MemoryTotal()),
        ("OS", OsName()),
        (".NET", RuntimeInformation.FrameworkDescription + " (" + RuntimeInformation.ProcessArchitecture + ")"),
        ("GC", System.Runtime.GCSettings.IsServerGC ? "server" : "workstation" + (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.Interactive ? ", concurrent" : "")),
        ("Load average at start (1/5/15 min)", LoadAverage()),
    };

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(" ", parts.Take(3));
        }
        catch (IOException) { return "unknown"; }
        catch (UnauthorizedAccessException) { return "unknown"; }
    }

    public static double LoadAverage1Min() =>
        double.TryParse(LoadAverage().Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN;

    private static string CpuModel() =>
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();

    private static string MemoryTotal()
    {
        var kb = ReadField("/proc/meminfo", "MemTotal");
        if (kb is null) return "unknown";
        var value = long.Parse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        return (value / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }

    private static string OsName()
    {
        var pretty = ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"');
        return (pretty is null ? "" : pretty + ", ") + RuntimeInformation.OSDescription;
    }

    private static string? ReadField(string path, string name, char separator = ':')
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var i = line.IndexOf(separator);
                if (i > 0 && line[..i].Trim() == name)
                {
                    return line[(i + 1)..].Trim();
                }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}
