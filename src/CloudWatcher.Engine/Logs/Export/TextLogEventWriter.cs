namespace CloudWatcher.Logs.Export;

/// <summary>
/// cloudwatcher's lines, exactly as Get-CwLog -AsText gives them (<see cref="LogLineFormatter"/>), one per event.
/// Events of the same second share the formatted "[dd-mm-YYYY HH:MM:SS UTC] " prefix.
/// </summary>
public sealed class TextLogEventWriter : LogEventFileWriter
{
    private readonly StreamWriter _writer;
    private readonly char[] _prefix = new char[LogLineFormatter.PrefixLength];
    private long _prefixSecond = long.MinValue;

    public TextLogEventWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new StreamWriter(stream, Utf8, BufferSize, leaveOpen: true);
    }

    public override void Write(LogEvent logEvent)
    {
        var time = logEvent.Timestamp.Kind == DateTimeKind.Local ? logEvent.Timestamp.ToUniversalTime() : logEvent.Timestamp;
        var second = time.Ticks / TimeSpan.TicksPerSecond;
        if (second != _prefixSecond)
        {
            LogLineFormatter.WritePrefix(time, _prefix);
            _prefixSecond = second;
        }
        _writer.Write(_prefix);
        _writer.Write(LogLineFormatter.MessageText(logEvent.Message));
        _writer.Write('\n');
    }

    public override void Flush() => _writer.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }
        base.Dispose(disposing);
    }
}
