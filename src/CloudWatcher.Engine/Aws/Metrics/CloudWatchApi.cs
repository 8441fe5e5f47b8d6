using System.Text.Json;
using System.Xml;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;
using Wire = CloudWatcher.Aws.Metrics.Model;

namespace CloudWatcher.Aws.Metrics;

/// <summary>
/// The CloudWatch ports on the wire: the engine's requests mapped to the generated shapes (models/aws, tools/WireGen)
/// and sent in the protocol the endpoint speaks (<see cref="CloudWatchTransport"/>), the answers mapped back.
/// </summary>
internal sealed class CloudWatchApi : IMetricReadApi, IMetricCatalogApi, IMetricWriteApi, IDisposable
{
    private const string Service = "CloudWatch";
    private readonly WireClient _client;
    private readonly CloudWatchTransport _transport;

    public CloudWatchApi(WireClient client, CloudWatchTransport transport)
    {
        _client = client;
        _transport = transport;
    }

    /// <summary>The protocol in use for this endpoint (tests, diagnostics).</summary>
    internal CloudWatchTransport Transport => _transport;

    public void Dispose() => _client.Dispose();

    public Task<ListMetricsResult> ListMetricsAsync(ListMetricsRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.ListMetricsInput
        {
            Namespace = request.Namespace,
            MetricName = request.MetricName,
            Dimensions = request.Dimensions.Count == 0 ? null : request.Dimensions.Select(d => new Wire.DimensionFilter { Name = d.Name, Value = d.Value }).ToList(),
            RecentlyActive = request.RecentlyActive ? "PT3H" : null,
            NextToken = request.NextToken,
        };
        return Send(Wire.CloudWatchOperations.ListMetrics,
            w => Wire.CloudWatchJson.Write(w, input), Wire.CloudWatchJson.ReadListMetricsOutput,
            q => Wire.CloudWatchQuery.Write(q, "", input), Wire.CloudWatchQuery.ReadListMetricsOutput,
            output => new ListMetricsResult(
                (output.Metrics ?? new List<Wire.Metric>())
                    .Select(m => new MetricInfo(m.Namespace ?? "", m.MetricName ?? "", Dimensions(m.Dimensions)))
                    .ToList(),
                output.NextToken),
            cancellationToken);
    }

    public Task<GetMetricDataResult> GetMetricDataAsync(GetMetricDataRequest request, CancellationToken cancellationToken)
    {
        var input = new Wire.GetMetricDataInput
        {
            MetricDataQueries = request.Queries.Select(q => new Wire.MetricDataQuery
            {
                Id = q.Id,
                Label = q.Label,
                Expression = q.Expression,
                Period = q.Period,
                ReturnData = q.ReturnData,
                MetricStat = q.MetricStat is { } stat
                    ? new Wire.MetricStat
                    {
                        Metric = new Wire.Metric
                        {
                            Namespace = stat.Metric.Namespace,
                            MetricName = stat.Metric.MetricName,
                            Dimensions = stat.Metric.Dimensions.Select(d => new Wire.Dimension { Name = d.Name, Value = d.Value }).ToList(),
                        },
                        Period = stat.Period,
                        Stat = stat.Stat,
                        Unit = stat.Unit,
                    }
                    : null,
            }).ToList(),
            StartTime = request.StartTime,
            EndTime = request.EndTime,
            ScanBy = request.ScanAscending ? "TimestampAscending" : "TimestampDescending",
            NextToken = request.NextToken,
            MaxDatapoints = request.MaxDatapoints,
        };
        return Send(Wire.CloudWatchOperations.GetMetricData,
            w => Wire.CloudWatchJson.Write(w, input), Wire.CloudWatchJson.ReadGetMetricDataOutput,
            q => Wire.CloudWatchQuery.Write(q, "", input), Wire.CloudWatchQuery.ReadGetMetricDataOutput,
            output => new GetMetricDataResult(
                (output.MetricDataResults ?? new List<Wire.MetricDataResult>()).Select(r => new MetricDataResult(
                    r.Id ?? "",
                    r.Label,
                    (IReadOnlyList<DateTime>?)r.Timestamps ?? Array.Empty<DateTime>(),
                    (IReadOnlyList<double>?)r.Values ?? Array.Empty<double>(),
                    r.StatusCode ?? "Complete",
                    Messages(r.Messages))).ToList(),
                output.NextToken,
                Messages(output.Messages)),
            cancellationToken);
    }

    public async Task<PutMetricDataResult> PutMetricDataAsync(PutMetricDataRequest request, CancellationToken cancellationToken)
    {
        var data = request.Data.Select(ToWire).ToList();
        if (_transport.Current != Sessions.CloudWatchProtocol.Query)
        {
            var input = new Wire.PutMetricDataInput { Namespace = request.Namespace, MetricData = data };
            try
            {
                await Send(Wire.CloudWatchOperations.PutMetricData,
                    w => Wire.CloudWatchJson.Write(w, input), (ref Utf8JsonReader _) => true,
                    q => WriteWithinQueryLimit(q, input), _ => true,
                    _ => true,
                    cancellationToken, noOutput: true).ConfigureAwait(false);
                return new PutMetricDataResult(1);
            }
            catch (QueryFormTooLargeException)
            {
                // The endpoint turned out to speak only awsQuery, whose form is too large for one request: split below.
            }
        }
        var requests = 0;
        foreach (var part in QueryForm.Split(data, d => QueryForm.DatumBytes(d, Wire.CloudWatchQuery.Write), PutMetricDataLimits.MaxRequestBytes - QueryForm.EnvelopeBytes(request.Namespace)))
        {
            var input = new Wire.PutMetricDataInput { Namespace = request.Namespace, MetricData = part };
            await Send(Wire.CloudWatchOperations.PutMetricData,
                w => Wire.CloudWatchJson.Write(w, input), (ref Utf8JsonReader _) => true,
                q => Wire.CloudWatchQuery.Write(q, "", input), _ => true,
                _ => true,
                cancellationToken, noOutput: true).ConfigureAwait(false);
            requests++;
        }
        return new PutMetricDataResult(requests);
    }

    /// <summary>The bytes of the JSON body a request is sent as (uncompressed): what the service's size limit counts (tests, the fake).</summary>
    internal static int JsonBytes(PutMetricDataRequest request)
    {
        var input = new Wire.PutMetricDataInput { Namespace = request.Namespace, MetricData = request.Data.Select(ToWire).ToList() };
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Wire.CloudWatchJson.Write(writer, input);
        }
        return buffer.WrittenCount;
    }

    private static Wire.MetricDatum ToWire(MetricDatum d) => new()
    {
        MetricName = d.MetricName,
        Dimensions = d.Dimensions.Count == 0 ? null : d.Dimensions.Select(x => new Wire.Dimension { Name = x.Name, Value = x.Value }).ToList(),
        Timestamp = d.Timestamp,
        Value = d.Value,
        Values = d.Values?.ToList(),
        Counts = d.Counts?.ToList(),
        StatisticValues = d.StatisticValues is { } s
            ? new Wire.StatisticSet { SampleCount = s.SampleCount, Sum = s.Sum, Minimum = s.Minimum, Maximum = s.Maximum }
            : null,
        Unit = d.Unit,
        StorageResolution = d.StorageResolution,
    };

    /// <summary>The awsQuery form of a request the engine sized for JSON; too large for one request, it is split instead.</summary>
    private static void WriteWithinQueryLimit(QueryRequest q, Wire.PutMetricDataInput input)
    {
        Wire.CloudWatchQuery.Write(q, "", input);
        if (input.MetricData is { Count: > 1 } && QueryForm.Bytes(q) > PutMetricDataLimits.MaxRequestBytes)
        {
            throw new QueryFormTooLargeException();
        }
    }

    /// <summary>One operation in either protocol: the same output shape from JSON or XML, then mapped to the port's result.</summary>
    private Task<TResult> Send<TOutput, TResult>(string operation,
        Action<Utf8JsonWriter> writeJson, JsonRead<TOutput> readJson,
        Action<QueryRequest> writeQuery, Func<XmlReader, TOutput> readXml,
        Func<TOutput, TResult> map, CancellationToken cancellationToken, bool noOutput = false) =>
        ErrorTranslator.Call(Service, operation, async () =>
        {
            var output = await _transport.SendAsync(operation, writeJson, bytes =>
            {
                var reader = new Utf8JsonReader(bytes.Span);
                return readJson(ref reader);
            }, writeQuery, readXml, cancellationToken, noOutput).ConfigureAwait(false);
            return map(output);
        }, cancellationToken);

    private static List<Dimension> Dimensions(List<Wire.Dimension>? dimensions) =>
        (dimensions ?? new List<Wire.Dimension>()).Select(d => new Dimension(d.Name ?? "", d.Value)).ToList();

    private static List<MetricMessage> Messages(List<Wire.MessageData>? messages) =>
        (messages ?? new List<Wire.MessageData>()).Select(m => new MetricMessage(m.Code ?? "", m.Value ?? "")).ToList();
}
