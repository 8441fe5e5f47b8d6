using System.Globalization;

namespace CloudWatcher;

/// <summary>Human-readable values for CloudWatch units: bytes in 1024 steps (KiB, MiB, GiB), percent, durations.</summary>
public static class UnitFormatter
{
    private static readonly string[] BinaryPrefixes = { "", "Ki", "Mi", "Gi", "Ti", "Pi" };
    private static readonly string[] DecimalPrefixes = { "", "k", "M", "G", "T", "P" };

    public static string Format(double? value, string? unit)
    {
        if (value is not double v)
        {
            return "";
        }
        if (double.IsNaN(v) || double.IsInfinity(v))
        {
            return v.ToString(CultureInfo.InvariantCulture);
        }
        return unit switch
        {
            "Bytes" => Binary(v, "B"),
            "Kilobytes" => Binary(v * 1024, "B"),
            "Megabytes" => Binary(v * 1024 * 1024, "B"),
            "Gigabytes" => Binary(v * 1024 * 1024 * 1024, "B"),
            "Terabytes" => Binary(v * 1024d * 1024 * 1024 * 1024, "B"),
            "Bytes/Second" => Binary(v, "B/s"),
            "Kilobytes/Second" => Binary(v * 1024, "B/s"),
            "Megabytes/Second" => Binary(v * 1024 * 1024, "B/s"),
            "Gigabytes/Second" => Binary(v * 1024 * 1024 * 1024, "B/s"),
            "Bits" => Decimal(v, "bit"),
            "Kilobits" => Decimal(v * 1e3, "bit"),
            "Megabits" => Decimal(v * 1e6, "bit"),
            "Gigabits" => Decimal(v * 1e9, "bit"),
            "Bits/Second" => Decimal(v, "bit/s"),
            "Kilobits/Second" => Decimal(v * 1e3, "bit/s"),
            "Megabits/Second" => Decimal(v * 1e6, "bit/s"),
            "Gigabits/Second" => Decimal(v * 1e9, "bit/s"),
            "Percent" => Number(v) + " %",
            "Seconds" => Duration(v),
            "Milliseconds" => Duration(v / 1e3),
            "Microseconds" => Duration(v / 1e6),
            "Count/Second" => Number(v) + " /s",
            _ => Number(v),
        };
    }

    /// <summary>The divisor and unit label that suit a whole series (for plot axes): e.g. (1 GiB, "GiB").</summary>
    public static (double Divisor, string Label) AxisScale(double maxAbs, string? unit)
    {
        switch (unit)
        {
            case "Bytes":
            case "Bytes/Second":
                var suffix = unit == "Bytes" ? "B" : "B/s";
                var i = 0;
                var scaled = Math.Abs(maxAbs);
                while (scaled >= 1024 && i < BinaryPrefixes.Length - 1)
                {
                    scaled /= 1024;
                    i++;
                }
                return (Math.Pow(1024, i), BinaryPrefixes[i] + suffix);
            case "Percent":
                return (1, "%");
            case "Milliseconds":
                return (1, "ms");
            case "Microseconds":
                return (1, "µs");
            case "Seconds":
                return (1, "s");
            case null or "" or "None":
                return (1, "");
            default:
                return (1, unit);
        }
    }

    /// <summary>Like Python's str(timedelta): "1:03:00", "2 days, 4:00:00".</summary>
    public static string FormatTimespan(TimeSpan span)
    {
        var clock = $"{span.Hours}:{span.Minutes:D2}:{span.Seconds:D2}";
        return span.Days switch
        {
            0 => clock,
            1 => $"1 day, {clock}",
            _ => $"{span.Days} days, {clock}",
        };
    }

    private static string Binary(double value, string suffix) => Scaled(value, 1024, BinaryPrefixes, suffix);

    private static string Decimal(double value, string suffix) => Scaled(value, 1000, DecimalPrefixes, suffix);

    private static string Scaled(double value, double step, string[] prefixes, string suffix)
    {
        var i = 0;
        var scaled = value;
        while (Math.Abs(scaled) >= step && i < prefixes.Length - 1)
        {
            scaled /= step;
            i++;
        }
        return (i == 0 ? Number(scaled) : scaled.ToString("0.##", CultureInfo.InvariantCulture)) + " " + prefixes[i] + suffix;
    }

    private static string Duration(double seconds)
    {
        var abs = Math.Abs(seconds);
        if (abs < 1e-3)
        {
            return (seconds * 1e6).ToString("0.##", CultureInfo.InvariantCulture) + " µs";
        }
        if (abs < 1)
        {
            return (seconds * 1e3).ToString("0.##", CultureInfo.InvariantCulture) + " ms";
        }
        if (abs < 120)
        {
            return seconds.ToString("0.##", CultureInfo.InvariantCulture) + " s";
        }
        return FormatTimespan(TimeSpan.FromSeconds(Math.Round(seconds)));
    }

    /// <summary>Plain digits, grouped when large ("2,147,483,647"); only tiny and astronomically large values in E notation.</summary>
    private static string Number(double value) =>
        Math.Abs(value) >= 1e15 || (value != 0 && Math.Abs(value) < 1e-3)
            ? value.ToString("0.###E+0", CultureInfo.InvariantCulture)
            : Math.Abs(value) >= 1e6
                ? value.ToString("#,0", CultureInfo.InvariantCulture)
                : value.ToString("0.##", CultureInfo.InvariantCulture);
}
