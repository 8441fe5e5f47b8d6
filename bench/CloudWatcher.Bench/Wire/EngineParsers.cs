using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Transform;
using CloudWatcher.Aws.Logs;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Bench.Infrastructure;
using CloudWatcher.Ports;
using CloudWatcher.Time;
using LogsModel = CloudWatcher.Aws.Logs.Model;
using MetricsModel = CloudWatcher.Aws.Metrics.Model;

namespace CloudWatcher.Bench.Wire;

/// <summary>
/// A response body parsed the way the engine parses it: the engine's own unmarshallers (JsonRpcUnmarshaller buffers
/// the body and runs a Utf8JsonReader over it; JsonRpcStreamUnmarshaller streams; QueryUnmarshaller runs an XmlReader
/// over the stream and moves into the Result element), called by AWSSDK.Core's unmarshaller contexts over a
/// non-seekable stream, with the headers the emulator sends.
/// </summary>
internal static class EngineParsers
{
    /// <summary>GetMetricData over JSON 1.0, read by the generated CloudWatchJson reader (what CloudWatchApi does).</summary>
    public static MetricsModel.GetMetricDataOutput MetricDataJson(byte[] body) => Json<MetricsModel.GetMetricDataOutput>(body, "application/x-amz-json-1.0",
        new JsonRpcUnmarshaller<MetricsModel.GetMetricDataOutput>(bytes =>
        {
            var reader = new Utf8JsonReader(bytes.Span);
            return MetricsModel.CloudWatchJson.ReadGetMetricDataOutput(ref reader);
        }, "CloudWatch"));

    /// <summary>GetMetricData over awsQuery, read by the generated CloudWatchQuery reader (what CloudWatchApi does).</summary>
    public static MetricsModel.GetMetricDataOutput MetricDataXml(byte[] body)
    {
        var response = new ResponseData(body.Length, "text/xml");
        using var context = new XmlUnmarshallerContext(new NonSeekableStream(body), false, response, false);
        var unmarshaller = new QueryUnmarshaller<MetricsModel.GetMetricDataOutput>(MetricsModel.CloudWatchQuery.ReadGetMetricDataOutput);
        return ((WireResponse<MetricsModel.GetMetricDataOutput>)unmarshaller.Unmarshall(context)).Result;
    }

    /// <summary>GetLogEvents as LogsApi reads it: the hand-tuned streaming LogEventsParser.</summary>
    public static GetLogEventsResult LogEventsHand(byte[] page, string group, string stream) => Json<GetLogEventsResult>(page, "application/x-amz-json-1.1",
        new JsonRpcStreamUnmarshaller<GetLogEventsResult>(body =>
        {
            var (events, tokens) = LogEventsParser.Parse(body, group, stream, "nextForwardToken", "nextBackwardToken");
            return new GetLogEventsResult(events, tokens.GetValueOrDefault("nextForwardToken"), tokens.GetValueOrDefault("nextBackwardToken"));
        }));

    /// <summary>
    /// GetLogEvents as LogsApi reads every other operation, i.e. what replacing the hand parser would take: the
    /// generated LogsJson reader over the buffered body, each OutputLogEvent then mapped to a LogEvent.
    /// </summary>
    public static GetLogEventsResult LogEventsGenerated(byte[] page, string group, string stream) => Json<GetLogEventsResult>(page, "application/x-amz-json-1.1",
        new JsonRpcUnmarshaller<GetLogEventsResult>(bytes =>
        {
            var reader = new Utf8JsonReader(bytes.Span);
            var output = LogsModel.LogsJson.ReadGetLogEventsResponse(ref reader);
            var events = new List<LogEvent>(output.Events?.Count ?? 0);
            foreach (var e in output.Events ?? new List<LogsModel.OutputLogEvent>())
            {
                events.Add(new LogEvent(Epoch.FromMilliseconds(e.Timestamp ?? 0), e.IngestionTime is long i ? Epoch.FromMilliseconds(i) : null,
                    e.Message ?? "", group, stream, null));
            }
            return new GetLogEventsResult(events, output.NextForwardToken, output.NextBackwardToken);
        }));

    private static T Json<T>(byte[] body, string contentType, JsonResponseUnmarshaller unmarshaller)
    {
        var response = new ResponseData(body.Length, contentType);
        using var context = new JsonUnmarshallerContext(new NonSeekableStream(body), false, response, false);
        return ((WireResponse<T>)unmarshaller.Unmarshall(context)).Result;
    }

    /// <summary>The status and headers of a 200 answer from the emulator.</summary>
    private sealed class ResponseData : IWebResponseData
    {
        private readonly Dictionary<string, string> _headers;

        public ResponseData(long length, string contentType)
        {
            ContentLength = length;
            ContentType = contentType;
            _headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Content-Type"] = contentType,
                ["Content-Length"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["x-amzn-RequestId"] = "00000000-0000-0000-0000-000000000000",
            };
        }

        public long ContentLength { get; }

        public string ContentType { get; }

        public HttpStatusCode StatusCode => HttpStatusCode.OK;

        public bool IsSuccessStatusCode => true;

        public IHttpResponseBody ResponseBody => throw new NotSupportedException("The body is given to the context as a stream.");

        public string[] GetHeaderNames() => _headers.Keys.ToArray();

        public bool IsHeaderPresent(string headerName) => _headers.ContainsKey(headerName);

        public string GetHeaderValue(string headerName) => _headers.TryGetValue(headerName, out var value) ? value : string.Empty;

        public bool IsEventHeaderPresent(string headerName) => false;

        public Amazon.Runtime.EventStreams.IEventStreamHeader GetEventStreamHeader(string headerName) => throw new NotSupportedException("Not an event stream.");
    }
}
