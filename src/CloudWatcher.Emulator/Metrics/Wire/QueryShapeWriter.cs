using System.Globalization;
using System.Text;
using System.Xml;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Metrics.Wire;

/// <summary>awsQuery XML answers (&lt;ActionResponse&gt;&lt;ActionResult&gt;…, lists as member elements) and errors.</summary>
internal sealed class QueryShapeWriter : ShapeWriter
{
    public const string Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private readonly MemoryStream _stream = new();
    private readonly XmlWriter _writer;
    private readonly bool _hasResult;

    public QueryShapeWriter(string action, bool hasResult = true)
    {
        _writer = XmlWriter.Create(_stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
        _writer.WriteStartElement(action + "Response", Ns);
        if (hasResult) _writer.WriteStartElement(action + "Result");
        _hasResult = hasResult;
    }

    public override void StartStructure(string? name) => _writer.WriteStartElement(name ?? "member");

    public override void EndStructure() => _writer.WriteEndElement();

    public override void StartList(string name) => _writer.WriteStartElement(name);

    public override void EndList() => _writer.WriteEndElement();

    public override void String(string? name, string value) => _writer.WriteElementString(name ?? "member", value);

    public override void Number(string? name, double value) =>
        _writer.WriteElementString(name ?? "member", value.ToString("R", CultureInfo.InvariantCulture));

    public override void Timestamp(string? name, long milliseconds) => _writer.WriteElementString(name ?? "member", Iso(milliseconds));

    public override byte[] Finish(string requestId)
    {
        if (_hasResult) _writer.WriteEndElement();
        _writer.WriteStartElement("ResponseMetadata");
        _writer.WriteElementString("RequestId", requestId);
        _writer.WriteEndElement();
        _writer.WriteEndElement();
        _writer.Flush();
        return _stream.ToArray();
    }

    public override void Dispose()
    {
        _writer.Dispose();
        _stream.Dispose();
    }

    private static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(ms % 1000 == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An awsQuery error document: &lt;ErrorResponse&gt;&lt;Error&gt;Type, Code, Message&lt;/Error&gt;RequestId.</summary>
    public static byte[] Error(ServiceError e, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            w.WriteStartElement("ErrorResponse", Ns);
            w.WriteStartElement("Error");
            w.WriteElementString("Type", e.SenderFault ? "Sender" : "Receiver");
            w.WriteElementString("Code", e.Code);
            w.WriteElementString("Message", e.Message);
            w.WriteEndElement();
            w.WriteElementString("RequestId", requestId);
            w.WriteEndElement();
        }
        return ms.ToArray();
    }
}
