using System.Globalization;
using System.Text;
using System.Xml;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// The floor for GetMetricData: signed awsQuery POSTs with every query in one call, pages followed, the XML read with
/// XmlReader counting Values members (no datapoint objects).
/// </summary>
internal sealed class RawMetricReader : IDisposable
{
    private readonly Uri _endpoint;
    private readonly SigV4 _signer;
    private readonly RawHttp _http = new();

    public RawMetricReader(Uri endpoint, SigV4 signer)
    {
        _endpoint = endpoint;
        _signer = signer;
    }

    public async Task<(long Points, int Calls)> ReadAsync(string ns, string metric, IReadOnlyList<string> instanceIds, DateTime start, DateTime end,
        int period, string stat, CancellationToken cancellationToken = default)
    {
        var baseBody = new StringBuilder("Action=GetMetricData&Version=2010-08-01")
            .Append("&StartTime=").Append(Escape(start.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
            .Append("&EndTime=").Append(Escape(end.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))
            .Append("&ScanBy=TimestampAscending");
        for (var i = 0; i < instanceIds.Count; i++)
        {
            var p = $"&MetricDataQueries.member.{i + 1}.";
            baseBody.Append(p).Append("Id=q").Append(i)
                .Append(p).Append("MetricStat.Metric.Namespace=").Append(Escape(ns))
                .Append(p).Append("MetricStat.Metric.MetricName=").Append(Escape(metric))
                .Append(p).Append("MetricStat.Metric.Dimensions.member.1.Name=InstanceId")
                .Append(p).Append("MetricStat.Metric.Dimensions.member.1.Value=").Append(Escape(instanceIds[i]))
                .Append(p).Append("MetricStat.Period=").Append(period.ToString(CultureInfo.InvariantCulture))
                .Append(p).Append("MetricStat.Stat=").Append(Escape(stat))
                .Append(p).Append("ReturnData=true");
        }
        var prefix = baseBody.ToString();
        string? token = null;
        long points = 0;
        var calls = 0;
        do
        {
            var body = Encoding.UTF8.GetBytes(token is null ? prefix : prefix + "&NextToken=" + Escape(token));
            var request = _signer.CreatePost(_endpoint, "monitoring", "application/x-www-form-urlencoded; charset=utf-8", null, body);
            var length = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            calls++;
            (var n, token) = CountValues(_http.BodyStream(length));
            points += n;
        }
        while (token is not null);
        return (points, calls);
    }

    private static (long Values, string? NextToken) CountValues(Stream xml)
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

    private static string Escape(string value) => Uri.EscapeDataString(value);

    public void Dispose() => _http.Dispose();
}
