namespace CloudWatcher;

/// <summary>
/// What Export-CwLog writes: cloudwatcher's text lines ("[dd-mm-YYYY HH:MM:SS UTC] message"), one JSON object per
/// line, or CSV with a header.
/// </summary>
public enum LogExportFormat
{
    Text,
    JsonLines,
    Csv,
}

/// <summary>What an Export-CwLog run wrote: the file, its format, the events and bytes, the streams they came from, how long it took.</summary>
public sealed class LogExportSummary
{
    /// <summary>The full path of the file written.</summary>
    public string Path { get; init; } = "";

    public LogExportFormat Format { get; init; }

    public long Events { get; init; }

    /// <summary>The size of the file written.</summary>
    public long Bytes { get; init; }

    /// <summary>The log groups read.</summary>
    public int LogGroups { get; init; }

    /// <summary>The distinct log streams the written events came from.</summary>
    public int Streams { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Bytes in binary units ("0 B", "1.5 MiB"), for the default view.</summary>
    public string FormatBytes() => UnitFormatter.Format(Bytes, "Bytes");

    public override string ToString() => $"{Path}: {Events} events ({Format})";
}
