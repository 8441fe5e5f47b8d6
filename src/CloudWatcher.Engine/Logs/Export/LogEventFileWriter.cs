using System.Globalization;
using System.Text;

namespace CloudWatcher.Logs.Export;

/// <summary>
/// Writes log events to a stream in one export format, an event at a time, straight into a buffer: no string is built
/// per event, so an export of a million events allocates about what reading them does. UTF-8 without a byte order mark,
/// "\n" after every event. The stream stays open; <see cref="Flush"/> writes out what is buffered.
/// </summary>
public abstract class LogEventFileWriter : IDisposable
{
    /// <summary>The buffer between the formatter and the file; large writes go to the file in few calls.</summary>
    protected const int BufferSize = 64 * 1024;

    /// <summary>UTF-8 without a byte order mark; text that is not valid UTF-16 (a lone surrogate) becomes U+FFFD.</summary>
    protected static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>A writer of <paramref name="format"/> to <paramref name="stream"/>; a CSV writer has written its header.</summary>
    public static LogEventFileWriter Create(LogExportFormat format, Stream stream) => format switch
    {
        LogExportFormat.Text => new TextLogEventWriter(stream),
        LogExportFormat.JsonLines => new JsonLinesLogEventWriter(stream),
        LogExportFormat.Csv => new CsvLogEventWriter(stream),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not an export format."),
    };

    public abstract void Write(LogEvent logEvent);

    /// <summary>Writes out everything buffered to the stream.</summary>
    public abstract void Flush();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>The length of an ISO 8601 UTC time with milliseconds, "2026-11-20T08:00:00.000Z".</summary>
    protected const int IsoTimeLength = 24;

    /// <summary>Writes the time (UTC) as ISO 8601 with milliseconds: "2026-11-20T08:00:00.000Z".</summary>
    protected static int FormatIsoTime(DateTime time, Span<char> destination)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        utc.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>The same in UTF-8 bytes.</summary>
    protected static int FormatIsoTime(DateTime time, Span<byte> destination)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        utc.TryFormat(destination, out var written, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        return written;
    }
}
