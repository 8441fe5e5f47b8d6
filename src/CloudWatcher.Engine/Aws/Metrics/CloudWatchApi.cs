using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;
using CloudWatcher.Time;

namespace CloudWatcher.Aws.Metrics;

/// <summary>CloudWatch over awsQuery (form parameters in, XML out) on AWSSDK.Core.</summary>
internal sealed class CloudWatchApi : IMetricReadApi, IMetricCatalogApi, IMetricWriteApi, IDisposable
{
    private const string Service = "CloudWatch";
    private static readonly QueryMarshaller Marshaller = new("Amazon.CloudWatch", "2010-08-01");
    private static readonly QueryUnmarshaller<XElement> Element = new(reader => XElement.Load(reader));
    private static readonly QueryUnmarshaller<GetMetricDataResult> MetricData = new(MetricDataParser.Parse);
    private readonly WireClient _client;

    public CloudWatchApi(WireClient client) => _client = client;

    public void Dispose() => _client.Dispose();

    public Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryRequest("ListMetrics")
            .Add("Namespace", request.Namespace)
            .Add("MetricName", request.MetricName)
            .Add("NextToken", request.NextToken);
        if (request.RecentlyActive)
        {
            query.Add("RecentlyActive", "PT3H");
        }
        AddDimensions(query, "Dimensions", request.Dimensions);
        return Send(query, result =>
        {
            var metrics = Members(result.Element(Q("Metrics")))
                .Select(m => new MetricInfo(Text(m, "Namespace") ?? "", Text(m, "MetricName") ?? "", ReadDimensions(m.Element(Q("Dimensions")))))
                .ToList();
            return new ListMetricsResult(metrics, Text(result, "NextToken"));
        }, cancellationToken);
    }

    public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryRequest("GetMetricData")
            .Add("StartTime", Epoch.ToIso8601(request.StartTime))
            .Add("EndTime", Epoch.ToIso8601(request.EndTime))
            .Add("ScanBy", request.ScanAscending ? "TimestampAscending" : "TimestampDescending")
            .Add("NextToken", request.NextToken)
            .Add("MaxDatapoints", request.MaxDatapoints?.ToString(CultureInfo.InvariantCulture));
        var n = 1;
        foreach (var q in request.Queries)
        {
            var prefix = $"MetricDataQueries.member.{n++}.";
            query.Add(prefix + "Id", q.Id)
                .Add(prefix + "Label", q.Label)
                .Add(prefix + "Expression", q.Expression)
                .Add(prefix + "Period", q.Period?.ToString(CultureInfo.InvariantCulture))
                .Add(prefix + "ReturnData", q.ReturnData ? "true" : "false");
            if (q.MetricStat is { } stat)
            {
                query.Add(prefix + "MetricStat.Metric.Namespace", stat.Metric.Namespace)
                    .Add(prefix + "MetricStat.Metric.MetricName", stat.Metric.MetricName)
                    .Add(prefix + "MetricStat.Period", stat.Period.ToString(CultureInfo.InvariantCulture))
                    .Add(prefix + "MetricStat.Stat", stat.Stat)
                    .Add(prefix + "MetricStat.Unit", stat.Unit);
                AddDimensions(query, prefix + "MetricStat.Metric.Dimensions", stat.Metric.Dimensions);
            }
        }
        return ErrorTranslator.Call(Service, query.Action, () => _client.SendAsync<GetMetricDataResult>(query, Marshaller, MetricData, cancellationToken), cancellationToken);
    }

    public Task PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryRequest("PutMetricData").Add("Namespace", request.Namespace);
        var n = 1;
        foreach (var d in request.Data)
        {
            var prefix = $"MetricData.member.{n++}.";
            query.Add(prefix + "MetricName", d.MetricName)
                .Add(prefix + "Timestamp", d.Timestamp is DateTime t ? Epoch.ToIso8601(t) : null)
                .Add(prefix + "Value", d.Value is double v ? Num(v) : null)
                .Add(prefix + "Unit", d.Unit)
                .Add(prefix + "StorageResolution", d.StorageResolution?.ToString(CultureInfo.InvariantCulture));
            AddDimensions(query, prefix + "Dimensions", d.Dimensions);
            AddList(query, prefix + "Values", d.Values);
            AddList(query, prefix + "Counts", d.Counts);
            if (d.StatisticValues is { } s)
            {
                query.Add(prefix + "StatisticValues.SampleCount", Num(s.SampleCount))
                    .Add(prefix + "StatisticValues.Sum", Num(s.Sum))
                    .Add(prefix + "StatisticValues.Minimum", Num(s.Minimum))
                    .Add(prefix + "StatisticValues.Maximum", Num(s.Maximum));
            }
        }
        return Send(query, _ => true, cancellationToken);
    }

    private Task<T> Send<T>(QueryRequest query, Func<XElement, T> read, CancellationToken cancellationToken) =>
        ErrorTranslator.Call(Service, query.Action, async () =>
            read(await _client.SendAsync<XElement>(query, Marshaller, Element, cancellationToken).ConfigureAwait(false)), cancellationToken);

    private static void AddDimensions(QueryRequest query, string prefix, IReadOnlyList<Dimension> dimensions)
    {
        for (var i = 0; i < dimensions.Count; i++)
        {
            query.Add($"{prefix}.member.{i + 1}.Name", dimensions[i].Name)
                .Add($"{prefix}.member.{i + 1}.Value", dimensions[i].Value);
        }
    }

    private static void AddList(QueryRequest query, string prefix, IReadOnlyList<double>? values)
    {
        if (values is null) return;
        for (var i = 0; i < values.Count; i++)
        {
            query.Add($"{prefix}.member.{i + 1}", Num(values[i]));
        }
    }

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static XName Q(string name) => XName.Get(name, "http://monitoring.amazonaws.com/doc/2010-08-01/");

    private static IEnumerable<XElement> Members(XElement? list) => list?.Elements(Q("member")) ?? Enumerable.Empty<XElement>();

    private static string? Text(XElement parent, string name) => parent.Element(Q(name))?.Value;

    private static List<Dimension> ReadDimensions(XElement? list) =>
        Members(list).Select(d => new Dimension(Text(d, "Name") ?? "", Text(d, "Value"))).ToList();

    private static List<MetricMessage> ReadMessages(XElement? list) =>
        Members(list).Select(m => new MetricMessage(Text(m, "Code") ?? "", Text(m, "Value") ?? "")).ToList();
}
