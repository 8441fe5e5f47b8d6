namespace CloudWatcher.Metrics.Publishing;

/// <summary>The units CloudWatch takes (StandardUnit in the service model), matched case-insensitively to their own spelling.</summary>
public static class MetricUnits
{
    public static IReadOnlyList<string> All { get; } = new[]
    {
        "Seconds", "Microseconds", "Milliseconds", "Bytes", "Kilobytes", "Megabytes", "Gigabytes", "Terabytes",
        "Bits", "Kilobits", "Megabits", "Gigabits", "Terabits", "Percent", "Count", "Bytes/Second", "Kilobytes/Second",
        "Megabytes/Second", "Gigabytes/Second", "Terabytes/Second", "Bits/Second", "Kilobits/Second", "Megabits/Second",
        "Gigabits/Second", "Terabits/Second", "Count/Second", "None",
    };

    private static readonly Dictionary<string, string> ByName = All.ToDictionary(u => u, StringComparer.OrdinalIgnoreCase);

    /// <summary>The unit as CloudWatch spells it (null for none), or an InvalidUnit error that lists the choices.</summary>
    public static string? Normalize(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return null;
        }
        return ByName.TryGetValue(unit.Trim(), out var canonical)
            ? canonical
            : throw new CloudWatcherException("InvalidUnit", ErrorKind.InvalidInput,
                $"'{unit}' is not a CloudWatch unit. Use one of: {string.Join(", ", All)}.", unit);
    }
}
