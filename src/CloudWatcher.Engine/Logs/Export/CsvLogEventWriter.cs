using CloudWatcher.IO;

namespace CloudWatcher.Logs.Export;

/// <summary>
/// CSV with a header, one row per event: timestamp and ingestionTime (ISO 8601 UTC with milliseconds), logGroupName,
/// logStreamName, eventId, and the message as it was sent (line breaks and all, quoted as RFC 4180 says: <see cref="Csv"/>).
/// An absent value is an empty field.
/// </summary>
public sealed class CsvLogEventWriter : LogEventFileWriter
{
    public const string Header = "timestamp,ingestionTime,logGroupName,logStreamName,eventId,message";

    private readonly StreamWriter _writer;
    private readonly char[] _time = new char[IsoTimeLength];

    public CsvLogEventWriter(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _writer = new StreamWriter(stream, Utf8, BufferSize, leaveOpen: true);
        _writer.Write(Header);
        _writer.Write('\n');
    }

    public override void Write(LogEvent logEvent)
    {
        _writer.Write(_time, 0, FormatIsoTime(logEvent.Timestamp, _time));
        _writer.Write(',');
        if (logEvent.IngestionTime is DateTime ingested)
        {
            _writer.Write(_time, 0, FormatIsoTime(ingested, _time));
        }
        _writer.Write(',');
        Csv.WriteField(_writer, logEvent.LogGroupName);
        _writer.Write(',');
        Csv.WriteField(_writer, logEvent.LogStreamName);
        _writer.Write(',');
        Csv.WriteField(_writer, logEvent.EventId);
        _writer.Write(',');
        Csv.WriteField(_writer, logEvent.Message);
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
