using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using CloudWatcher.Sessions;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// The floor for GetMetricData, in either protocol: every query in one signed POST per page, pages followed, the
/// answer only counted (no datapoint objects): awsQuery (form in, XML out) counting Values members with XmlReader,
/// or JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.GetMetricData, x-amzn-query-mode) counting Values items
/// with Utf8JsonReader.
/// </summary>
internal sealed class RawMetricReader : IDisposable
{
    private const string JsonTarget = "GraniteServiceVersion20100801.GetMetricData";
    private readonly Uri _endpoint;
    private readonly SigV4 _signer;
    private readonly RawHttp _http = new();

    public RawMetricReader(Uri endpoint, SigV4 signer)
    {
        _endpoint = endpoint;
        _signer = signer;
    }

    /// <summary>One GetMetricData request (the queries, the range) without its page token.</summary>
    public sealed record Query(string Namespace, string MetricName, IReadOnlyList<string> InstanceIds, DateTime Start, DateTime End, int Period, string Stat);

    public async Task<(long Points, int Calls)> ReadAsync(CloudWatchProtocol protocol, Query query, CancellationToken cancellationToken = default)
    {
        var form = protocol == CloudWatchProtocol.Query ? Form(query) : null;
        string? token = null;
        long points = 0;
        var calls = 0;
        do
        {
            var length = await SendAsync(protocol, query, form, token, cancellationToken).ConfigureAwait(false);
            calls++;
            (var n, token) = protocol == CloudWatchProtocol.Query ? CountXmlValues(_http.BodyStream(length)) : CountJsonValues(_http.Body(length));
            points += n;
        }
        while (token is not null);
        return (points, calls);
    }

    /// <summary>The first page's body exactly as the server sent it, and the points in it (wire-parse input).</summary>
    public async Task<(byte[] Body, long Points, bool More)> FetchFirstPageAsync(CloudWatchProtocol protocol, Query query, CancellationToken cancellationToken = default)
    {
        var length = await SendAsync(protocol, query, protocol == CloudWatchProtocol.Query ? Form(query) : null, null, cancellationToken).ConfigureAwait(false);
        var (n, token) = protocol == CloudWatchProtocol.Query ? CountXmlValues(_http.BodyStream(length)) : CountJsonValues(_http.Body(length));
        return (_http.Body(length).ToArray(), n, token is not null);
    }

    private Task<int> SendAsync(CloudWatchProtocol protocol, Query query, string? form, string? token, CancellationToken cancellationToken)
    {
        var request = protocol == CloudWatchProtocol.Query
            ? _signer.CreatePost(_endpoint, "monitoring", "application/x-www-form-urlencoded; charset=utf-8", null,
                Encoding.UTF8.GetBytes(token is null ? form! : form + "&NextToken=" + Escape(token)))
            : _signer.CreatePost(_endpoint, "monitoring", "application/x-amz-json-1.0", JsonTarget, Json(query, token), queryMode: true);
        return _http.SendAsync(request, cancellationToken);
    }

    private static string Form(Query query)
    {
        var body = new StringBuilder("Action=GetMetricData&Version=2010-08-01")
            .Append("&StartTime=").Append(Escape(query.Start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
            .Append("&EndTime=").Append(Escape(query.End.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
            .Append("&ScanBy=TimestampAscending");
        for (var i = 0; i < query.InstanceIds.Count; i++)
        {
            var p = $"&MetricDataQueries.member.{i + 1}.";
            body.Append(p).Append("Id=q").Append(i)
                .Append(p).Append("MetricStat.Metric.Namespace=").Append(Escape(query.Namespace))
                .Append(p).Append("MetricStat.Metric.MetricName=").Append(Escape(query.MetricName))
                .Append(p).Append("MetricStat.Metric.Dimensions.member.1.Name=InstanceId")
                .Append(p).Append("MetricStat.Metric.Dimensions.member.1.Value=").Append(Escape(query.InstanceIds[i]))
                .Append(p).Append("MetricStat.Period=").Append(query.Period.ToString(CultureInfo.InvariantCulture))
                .Append(p).Append("MetricStat.Stat=").Append(Escape(query.Stat))
                .Append(p).Append("ReturnData=true");
        }
        return body.ToString();
    }

    /// <summary>The JSON 1.0 body: the same members, timestamps as epoch seconds.</summary>
    private static byte[] Json(Query query, string? token)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("MetricDataQueries");
            for (var i = 0; i < query.InstanceIds.Count; i++)
            {
                w.WriteStartObject();
                w.WriteString("Id", "q" + i.ToString(CultureInfo.InvariantCulture));
                w.WriteStartObject("MetricStat");
                w.WriteStartObject("Metric");
                w.WriteString("Namespace", query.Namespace);
                w.WriteString("MetricName", query.MetricName);
                w.WriteStartArray("Dimensions");
                w.WriteStartObject();
                w.WriteString("Name", "InstanceId");
                w.WriteString("Value", query.InstanceIds[i]);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteNumber("Period", query.Period);
                w.WriteString("Stat", query.Stat);
                w.WriteEndObject();
                w.WriteBoolean("ReturnData", true);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteNumber("StartTime", new DateTimeOffset(query.Start).ToUnixTimeSeconds());
            w.WriteNumber("EndTime", new DateTimeOffset(query.End).ToUnixTimeSeconds());
            w.WriteString("ScanBy", "TimestampAscending");
            if (token is not null) w.WriteString("NextToken", token);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    internal static (long Values, string? NextToken) CountXmlValues(Stream xml)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit });
        long values = 0;
        string? next = null;
        var inValues = false;
        while (reader.Read())
        {
            if (reader.NodeType == XmlNodeType.Element)
            {
                if (inValues && reader.LocalName == "member")
                {
                    values++;
                }
                else if (reader.LocalName == "Values" && !reader.IsEmptyElement)
                {
                    inValues = true;
                }
                else if (reader.LocalName == "NextToken" && reader.Depth == 2)
                {
                    next = reader.ReadElementContentAsString();
                }
            }
            else if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "Values")
            {
                inValues = false;
            }
        }
        return (values, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>Counts the items of every MetricDataResults[].Values array and reads the top-level NextToken.</summary>
    internal static (long Values, string? NextToken) CountJsonValues(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        long values = 0;
        string? next = null;
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName) continue;
            // {"MetricDataResults": [{"Values": [...]}]}: a result's members are at depth 3, the answer's at depth 1.
            if (reader.CurrentDepth == 3 && reader.ValueTextEquals("Values"u8))
            {
                reader.Read(); // StartArray (or null)
                if (reader.TokenType != JsonTokenType.StartArray) continue;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) values++;
            }
            else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("NextToken"u8))
            {
                reader.Read();
                next = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }
        return (values, string.IsNullOrEmpty(next) ? null : next);
    }

    private static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();
}
