using System.Globalization;
using System.Xml;

namespace CloudWatcher.Aws.Runtime;

/// <summary>The awsQuery XML value forms for the generated readers: elements named after members, lists of &lt;member&gt;.</summary>
internal static class WireXml
{
    /// <summary>
    /// The names of the child elements of the element the reader is on, one at a time: the caller reads each child
    /// (which moves past it); after the last the reader is past the parent's end.
    /// </summary>
    public static IEnumerable<string> Children(XmlReader r)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            yield break;
        }
        var depth = r.Depth;
        r.Read();
        while (!r.EOF && r.Depth > depth)
        {
            if (r.NodeType == XmlNodeType.Element)
            {
                yield return r.LocalName;
            }
            else
            {
                r.Read();
            }
        }
        if (r.NodeType == XmlNodeType.EndElement)
        {
            r.Read();
        }
    }

    public static string? ReadString(XmlReader r) => r.ReadElementContentAsString();

    public static string ReadStringItem(XmlReader r) => r.ReadElementContentAsString();

    public static bool ReadBoolean(XmlReader r) => bool.Parse(r.ReadElementContentAsString());

    public static int ReadInt32(XmlReader r) => int.Parse(r.ReadElementContentAsString(), CultureInfo.InvariantCulture);

    public static long ReadInt64(XmlReader r) => long.Parse(r.ReadElementContentAsString(), CultureInfo.InvariantCulture);

    public static double ReadDouble(XmlReader r) => double.Parse(r.ReadElementContentAsString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static DateTime ReadTimestamp(XmlReader r) =>
        DateTimeOffset.Parse(r.ReadElementContentAsString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime;

    public static byte[] ReadBlob(XmlReader r) => Convert.FromBase64String(r.ReadElementContentAsString());

    public static List<T> ReadList<T>(XmlReader r, Func<XmlReader, T> item)
    {
        var list = new List<T>();
        foreach (var _ in Children(r))
        {
            list.Add(item(r));
        }
        return list;
    }

    public static Dictionary<string, T> ReadMap<T>(XmlReader r, Func<XmlReader, T> value)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var _ in Children(r))
        {
            string? key = null;
            T? item = default;
            foreach (var part in Children(r))
            {
                if (part == "key")
                {
                    key = ReadString(r);
                }
                else if (part == "value")
                {
                    item = value(r);
                }
                else
                {
                    r.Skip();
                }
            }
            if (key is not null)
            {
                map[key] = item!;
            }
        }
        return map;
    }
}

/// <summary>The awsQuery forms of values in form parameters.</summary>
internal static class WireQuery
{
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Timestamp(DateTime time) => Time.Epoch.ToIso8601(time);
}
