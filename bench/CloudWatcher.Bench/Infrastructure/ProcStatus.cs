using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>Reads what a pwsh child printed: marked sections, /proc/self/status fields, numbers after a marker.</summary>
internal static class ProcStatus
{
    /// <summary>The text from <paramref name="start"/> up to <paramref name="end"/> (or the rest).</summary>
    public static string Between(string text, string start, string end)
    {
        var i = text.IndexOf(start, StringComparison.Ordinal);
        if (i < 0) return "";
        var j = text.IndexOf(end, i + 1, StringComparison.Ordinal);
        return j < 0 ? text[i..] : text[i..j];
    }

    /// <summary>A field of /proc/self/status in kB (VmRSS, VmHWM).</summary>
    public static long Kb(string status, string field)
    {
        var m = Regex.Match(status, field + @":\s+(\d+) kB");
        if (!m.Success) throw new InvalidOperationException($"{field} not found in /proc/self/status output: {status}");
        return long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The numbers printed after a marker line ("MARK 1 2.5 3").</summary>
    public static double[] Numbers(string text, string marker)
    {
        var m = Regex.Match(text, "^" + Regex.Escape(marker) + @" (.*)$", RegexOptions.Multiline);
        if (!m.Success) throw new InvalidOperationException($"'{marker}' not found in the child's output: {text}");
        return m.Groups[1].Value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
    }

    /// <summary>PowerShell that prints a marker and then /proc/self/status after a full collection.</summary>
    public static string StatusLine(string marker) =>
        $"[GC]::Collect(); [GC]::WaitForPendingFinalizers(); [GC]::Collect()\n'{marker} ' + [IO.File]::ReadAllText('/proc/self/status')";
}
