using System.Globalization;
using System.Xml;
using CloudWatcher.Ports;

namespace CloudWatcher.Aws.Metrics;

/// <summary>
/// Reads a GetMetricDataResult element forward-only with XmlReader, straight into lists: pages hold up to 100,800
/// datapoints, and an element tree of them cost more than the call itself.
/// </summary>
internal static class MetricDataParser
{
    public static GetMetricDataResult Parse(XmlReader reader)
    {
        var results = new List<MetricDataResult>();
        string? nextToken = null;
        var messages = new List<MetricMessage>();
        if (reader.IsEmptyElement)
        {
            return new GetMetricDataResult(results, null, messages);
        }
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }
            switch (reader.LocalName)
            {
                case "MetricDataResults":
                    ForEachMember(reader, () => results.Add(ReadResult(reader)));
                    break;
                case "NextToken":
                    nextToken = reader.ReadElementContentAsString();
                    break;
                case "Messages":
                    ForEachMember(reader, () => messages.Add(ReadMessage(reader)));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
        return new GetMetricDataResult(results, string.IsNullOrEmpty(nextToken) ? null : nextToken, messages);
    }

    private static MetricDataResult ReadResult(XmlReader reader)
    {
        string id = "", status = "Complete";
        string? label = null;
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var messages = new List<MetricMessage>();
        ForEachChild(reader, () =>
        {
            switch (reader.LocalName)
            {
                case "Id":
                    id = reader.ReadElementContentAsString();
                    break;
                case "Label":
                    label = reader.ReadElementContentAsString();
                    break;
                case "StatusCode":
                    status = reader.ReadElementContentAsString();
                    break;
                case "Timestamps":
                    ForEachMember(reader, () => timestamps.Add(XmlConvert.ToDateTime(reader.ReadElementContentAsString(), XmlDateTimeSerializationMode.Utc)));
                    break;
                case "Values":
                    ForEachMember(reader, () => values.Add(XmlConvert.ToDouble(reader.ReadElementContentAsString())));
                    break;
                case "Messages":
                    ForEachMember(reader, () => messages.Add(ReadMessage(reader)));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        });
        return new MetricDataResult(id, label, timestamps, values, status, messages);
    }

    private static MetricMessage ReadMessage(XmlReader reader)
    {
        string code = "", value = "";
        ForEachChild(reader, () =>
        {
            if (reader.LocalName == "Code") code = reader.ReadElementContentAsString();
            else if (reader.LocalName == "Value") value = reader.ReadElementContentAsString();
            else reader.Skip();
        });
        return new MetricMessage(code, value);
    }

    /// <summary>Calls <paramref name="read"/> on each child element of the current one (which it must consume), then leaves the element.</summary>
    private static void ForEachChild(XmlReader reader, Action read)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return;
        }
        var depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && reader.Depth > depth)
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                read();
            }
            else
            {
                reader.Read();
            }
        }
        if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth)
        {
            reader.Read();
        }
    }

    private static void ForEachMember(XmlReader reader, Action read) => ForEachChild(reader, () =>
    {
        if (reader.LocalName == "member") read();
        else reader.Skip();
    });
}
