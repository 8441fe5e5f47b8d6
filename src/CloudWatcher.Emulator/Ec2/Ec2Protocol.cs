using System.Globalization;
using System.Text;
using System.Xml;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Ec2;

/// <summary>
/// EC2 query-protocol XML: &lt;ActionResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"&gt; with requestId first,
/// lowerCamel element names and "item" list members; errors as &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;.
/// </summary>
internal sealed class Ec2Response : IDisposable
{
    public const string Version = "2016-11-15";
    public const string Ns = "http://ec2.amazonaws.com/doc/2016-11-15/";
    public const string ContentType = "text/xml;charset=UTF-8";

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    private readonly MemoryStream _stream = new();

    public Ec2Response(string action, string requestId)
    {
        Writer = XmlWriter.Create(_stream, Settings);
        Writer.WriteStartDocument();
        Writer.WriteStartElement(action + "Response", Ns);
        Writer.WriteElementString("requestId", requestId);
    }

    public XmlWriter Writer { get; }

    public byte[] Finish()
    {
        Writer.WriteEndElement();
        Writer.WriteEndDocument();
        Writer.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        Writer.Dispose();
        _stream.Dispose();
    }

    /// <summary>EC2 timestamps: always with milliseconds, e.g. 2026-11-20T08:00:00.000Z.</summary>
    public static string Time(DateTimeOffset t) =>
        t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static byte[] Error(ServiceError e, string requestId)
    {
        using var ms = new MemoryStream();
        using (var w = XmlWriter.Create(ms, Settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("Response");
            w.WriteStartElement("Errors");
            w.WriteStartElement("Error");
            w.WriteElementString("Code", e.Code);
            w.WriteElementString("Message", e.Message);
            w.WriteEndElement();
            w.WriteEndElement();
            w.WriteElementString("RequestID", requestId);
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return ms.ToArray();
    }

    public static ServiceError InvalidValue(string message) => new("InvalidParameterValue", message);
}
