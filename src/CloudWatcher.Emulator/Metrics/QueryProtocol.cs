using System.Globalization;
using System.Text;
using System.Xml;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Metrics;

/// <summary>awsQuery request parameters (form-encoded, lists as X.member.N).</summary>
internal sealed class QueryArgs
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _prefixes = new(StringComparer.Ordinal);

    public static QueryArgs Parse(string form)
    {
        var q = new QueryArgs();
        foreach (var part in form.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string k = Decode(eq >= 0 ? part[..eq] : part);
            string v = eq >= 0 ? Decode(part[(eq + 1)..]) : "";
            q._values[k] = v;
            for (int i = k.IndexOf('.'); i >= 0; i = k.IndexOf('.', i + 1)) q._prefixes.Add(k[..i]);
            q._prefixes.Add(k);
        }
        return q;
    }

    private static string Decode(string s) => Uri.UnescapeDataString(s.Replace('+', ' '));

    public string? Get(string key) => _values.GetValueOrDefault(key);

    /// <summary>All parameter names of the request.</summary>
    public IEnumerable<string> Keys => _values.Keys;

    public bool Has(string prefix) => _prefixes.Contains(prefix);

    /// <summary>Number of members of a list X.member.1..N (contiguous).</summary>
    public int Count(string listPrefix)
    {
        int n = 0;
        while (_prefixes.Contains($"{listPrefix}.member.{n + 1}")) n++;
        return n;
    }

    public static string Member(string listPrefix, int oneBased) => $"{listPrefix}.member.{oneBased}";

    public string Required(string key) =>
        Get(key) is { Length: > 0 } v ? v : throw Missing(key);

    public static ServiceError Missing(string key) => new("MissingParameter", $"The parameter {key} is required.");

    public static ServiceError InvalidValue(string message) => new("InvalidParameterValue", message);

    public double? Double(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double d))
            throw InvalidValue($"The value {s} for parameter {key} is invalid.");
        return d;
    }

    public long? Long(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (!long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l))
            throw InvalidValue($"The value {s} for parameter {key} is invalid.");
        return l;
    }

    public bool? Bool(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        return s.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            _ => throw InvalidValue($"The value {s} for parameter {key} is invalid."),
        };
    }

    public DateTimeOffset? Time(string key)
    {
        var s = Get(key);
        if (s is null) return null;
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double epoch))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(epoch * 1000));
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
            return t;
        throw InvalidValue($"The value {s} for parameter {key} is invalid.");
    }
}

/// <summary>awsQuery XML responses and errors.</summary>
internal sealed class QueryResponse : IDisposable
{
    public const string Ns = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    private readonly MemoryStream _stream = new();
    private readonly string _action;

    public QueryResponse(string action, bool hasResult = true)
    {
        _action = action;
        Writer = XmlWriter.Create(_stream, new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false });
        Writer.WriteStartElement(action + "Response", Ns);
        if (hasResult) Writer.WriteStartElement(action + "Result");
        HasResult = hasResult;
    }

    public XmlWriter Writer { get; }
    private bool HasResult { get; }

    public byte[] Finish(string requestId)
    {
        if (HasResult) Writer.WriteEndElement();
        Writer.WriteStartElement("ResponseMetadata");
        Writer.WriteElementString("RequestId", requestId);
        Writer.WriteEndElement();
        Writer.WriteEndElement();
        Writer.Flush();
        return _stream.ToArray();
    }

    public void Dispose()
    {
        Writer.Dispose();
        _stream.Dispose();
    }

    public static string Iso(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(ms % 1000 == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

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
