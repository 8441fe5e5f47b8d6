using System.Buffers;
using System.Net;
using Amazon;
using System.Xml;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Transform;
using Amazon.Runtime.Internal.Util;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Exception type for both services. Its ErrorCode reaches Core's retry policy, so throttling
/// and 5xx responses are retried by the standard policy exactly as for generated clients.
/// </summary>
internal sealed class AwsWireException : AmazonServiceException
{
    public AwsWireException(string message, Exception? inner, ErrorType type, string? code, string? requestId, HttpStatusCode status)
        : base(message, inner, type, code, requestId, status)
    {
    }

    /// <summary>
    /// An error answer to a JSON protocol request: {"__type", "message"} as the JSON protocols write it (the code after
    /// a '#' namespace), with a query-compatible code from x-amzn-query-error ("Code;Sender") when the service sends one;
    /// an XML &lt;Error&gt; from a server that speaks only awsQuery (marked <see cref="IsXmlAnswer"/>); anything else by
    /// status with the start of the body as the message.
    /// </summary>
    public static AwsWireException FromJson(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
    {
        using var body = BodyReader.ReadAll(context.Stream, context.ResponseData?.ContentLength ?? -1);
        var span = body.Memory.Span;
        var requestId = context.ResponseData?.GetHeaderValue("x-amzn-RequestId");
        var queryError = context.ResponseData?.GetHeaderValue("x-amzn-query-error");
        var queryCode = string.IsNullOrEmpty(queryError) ? null : queryError.Split(';')[0];
        var first = span.TrimStart(" \t\r\n"u8);
        if (first.Length > 0 && first[0] == (byte)'{')
        {
            try
            {
                using var document = System.Text.Json.JsonDocument.Parse(body.Memory);
                var root = document.RootElement;
                var type = Text(root, "__type") ?? Text(root, "code") ?? Text(root, "Code") ?? HeaderType(context);
                var code = queryCode ?? (type is null ? null : type[(type.LastIndexOf('#') + 1)..]);
                var message = Text(root, "message") ?? Text(root, "Message") ?? "";
                return new AwsWireException(message, innerException, Kind(statusCode), code, requestId, statusCode);
            }
            catch (System.Text.Json.JsonException)
            {
                // Not JSON after all: described below.
            }
        }
        if (first.Length > 0 && first[0] == (byte)'<')
        {
            var (code, message) = XmlError(body.Memory);
            if (code is not null)
            {
                return new AwsWireException(message ?? "", innerException, Kind(statusCode), code, requestId, statusCode) { IsXmlAnswer = true };
            }
        }
        var what = ProtocolMismatchException.For("an AWS error", context.ResponseData?.GetHeaderValue("Content-Type"), span[..Math.Min(span.Length, 2048)]).Message;
        return new AwsWireException($"HTTP {(int)statusCode}: {what}", innerException, Kind(statusCode), queryCode, requestId, statusCode) { IsXmlAnswer = first.Length > 0 && first[0] == (byte)'<' };
    }

    /// <summary>True when a JSON request was answered with XML: the server speaks awsQuery only.</summary>
    public bool IsXmlAnswer { get; init; }

    // x-amzn-ErrorType: "Code:http://internal.amazon.com/coral/..." on some services.
    private static string? HeaderType(JsonUnmarshallerContext context) =>
        context.ResponseData?.GetHeaderValue("x-amzn-ErrorType") is { Length: > 0 } header ? header.Split(':')[0] : null;

    private static ErrorType Kind(HttpStatusCode status) => (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender;

    private static string? Text(System.Text.Json.JsonElement e, string name) =>
        e.ValueKind == System.Text.Json.JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : null;

    private static (string? Code, string? Message) XmlError(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var stream = new MemoryStream(body.ToArray());
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
            string? code = null, message = null;
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element)
                {
                    continue;
                }
                if (reader.LocalName == "Code" && code is null)
                {
                    code = reader.ReadElementContentAsString();
                }
                else if (reader.LocalName == "Message" && message is null)
                {
                    message = reader.ReadElementContentAsString();
                }
            }
            return (code, message);
        }
        catch (XmlException)
        {
            return (null, null);
        }
    }
}

/// <summary>
/// Reads a JSON 1.1 response body with a parser delegate over the raw UTF-8 bytes. The bytes live in a pooled
/// buffer that is returned after parsing, so the parser must not keep them (copy out what it needs).
/// </summary>
internal sealed class JsonRpcUnmarshaller<T> : JsonResponseUnmarshaller
{
    private readonly Func<ReadOnlyMemory<byte>, T> _parse;
    private readonly string _answer;
    private readonly bool _noOutput;

    /// <param name="parse">Reads the body; for an operation without output it may get no bytes at all.</param>
    /// <param name="service">The service named when the answer is not its protocol's.</param>
    /// <param name="noOutput">
    /// The operation has no output (CreateLogGroup, PutMetricData): an empty body is its answer too. The JSON protocols
    /// let a server send no payload for an operation without output and a client must accept that or an object (moto
    /// answers CreateLogGroup with no body); reading it as a mismatch made the client retry a write that was done.
    /// </param>
    public JsonRpcUnmarshaller(Func<ReadOnlyMemory<byte>, T> parse, string service = "CloudWatch Logs", bool noOutput = false)
    {
        _parse = parse;
        _answer = "a " + service + " answer";
        _noOutput = noOutput;
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        using var body = BodyReader.ReadAll(context.Stream, context.ResponseData?.ContentLength ?? -1);
        if (_noOutput && body.Memory.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new WireResponse<T> { Result = _parse(ReadOnlyMemory<byte>.Empty) };
        }
        ProtocolCheck.RequireJsonObject(body.Memory.Span, context.ResponseData, _answer);
        try
        {
            return new WireResponse<T> { Result = _parse(body.Memory) };
        }
        catch (System.Text.Json.JsonException)
        {
            throw ProtocolMismatchException.For(_answer, ProtocolCheck.ContentType(context.ResponseData), body.Memory.Span[..Math.Min(body.Memory.Length, 2048)]);
        }
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
        AwsWireException.FromJson(context, innerException, statusCode);
}

/// <summary>Reads a JSON 1.1 response body straight from the stream (for pages too big to buffer whole).</summary>
internal sealed class JsonRpcStreamUnmarshaller<T> : JsonResponseUnmarshaller
{
    private readonly Func<Stream, T> _parse;
    private readonly string _answer;

    public JsonRpcStreamUnmarshaller(Func<Stream, T> parse, string service = "CloudWatch Logs")
    {
        _parse = parse;
        _answer = "a " + service + " answer";
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        // Peek at the start without buffering the page: it must be a JSON object, or it is not CloudWatch Logs.
        var (start, stream) = ProtocolCheck.Peek(context.Stream, 2048);
        ProtocolCheck.RequireJsonObject(start, context.ResponseData, _answer);
        try
        {
            return new WireResponse<T> { Result = _parse(stream) };
        }
        catch (System.Text.Json.JsonException)
        {
            throw ProtocolMismatchException.For(_answer, ProtocolCheck.ContentType(context.ResponseData), start);
        }
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
        AwsWireException.FromJson(context, innerException, statusCode);
}

/// <summary>Reads an awsQuery XML response: the parser receives a reader positioned inside &lt;ActionResult&gt;.</summary>
internal sealed class QueryUnmarshaller<T> : XmlResponseUnmarshaller
{
    private readonly Func<XmlReader, T> _parse;

    public QueryUnmarshaller(Func<XmlReader, T> parse)
    {
        _parse = parse;
    }

    public override AmazonWebServiceResponse Unmarshall(XmlUnmarshallerContext context)
    {
        var settings = new XmlReaderSettings { IgnoreWhitespace = true, IgnoreComments = true, DtdProcessing = DtdProcessing.Prohibit };
        var (start, stream) = ProtocolCheck.Peek(context.Stream, 2048);
        using var reader = XmlReader.Create(stream, settings);
        var response = new WireResponse<T>();
        try
        {
            reader.MoveToContent(); // <XxxResponse>
        }
        catch (XmlException)
        {
            throw ProtocolMismatchException.For("a CloudWatch answer", ProtocolCheck.ContentType(context.ResponseData), start);
        }
        if (reader.NodeType != XmlNodeType.Element || !reader.LocalName.EndsWith("Response", StringComparison.Ordinal))
        {
            throw ProtocolMismatchException.For("a CloudWatch answer", ProtocolCheck.ContentType(context.ResponseData), start);
        }
        var found = false;
        if (!reader.IsEmptyElement)
        {
            reader.Read();
            while (reader.NodeType == XmlNodeType.Element)
            {
                if (reader.LocalName.EndsWith("Result", StringComparison.Ordinal))
                {
                    using var sub = reader.ReadSubtree();
                    sub.Read();
                    response.Result = _parse(sub);
                    found = true;
                    reader.Skip();
                }
                else if (reader.LocalName == "ResponseMetadata")
                {
                    using var sub = reader.ReadSubtree();
                    while (sub.Read())
                    {
                        if (sub.NodeType == XmlNodeType.Element && sub.LocalName == "RequestId")
                        {
                            response.ResponseMetadata = new ResponseMetadata { RequestId = sub.ReadElementContentAsString() };
                        }
                    }
                    reader.Skip();
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        if (!found)
        {
            // Operations such as PutMetricData return no result element.
            response.Result = _parse(XmlReader.Create(new StringReader("<Empty/>")));
        }
        return response;
    }

    public override AmazonServiceException UnmarshallException(XmlUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
    {
        ErrorResponse error = XmlErrorResponseUnmarshaller.GetInstance().Unmarshall(context);
        return new AwsWireException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
}

/// <summary>Tells a protocol answer from anything else that can come back with status 200.</summary>
internal static class ProtocolCheck
{
    public static string? ContentType(IWebResponseData? response) => response?.GetHeaderValue("Content-Type");

    /// <summary>A JSON protocol answer is a JSON object: the first character that is not white space is '{'.</summary>
    public static void RequireJsonObject(ReadOnlySpan<byte> start, IWebResponseData? response, string answer)
    {
        foreach (var b in start)
        {
            if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
            {
                continue; // white space, or a UTF-8 byte order mark
            }
            if (b == (byte)'{')
            {
                return;
            }
            break;
        }
        throw ProtocolMismatchException.For(answer, ContentType(response), start);
    }

    /// <summary>Reads up to <paramref name="count"/> bytes and returns them with a stream that still yields the whole body.</summary>
    public static (byte[] Start, Stream Body) Peek(Stream body, int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            var read = body.Read(buffer, filled, count - filled);
            if (read == 0)
            {
                break;
            }
            filled += read;
        }
        var start = buffer.AsSpan(0, filled).ToArray();
        return (start, new PrefixedStream(start, body));
    }

    /// <summary>The peeked bytes, then the rest of the body: forward-only, as the parsers read.</summary>
    private sealed class PrefixedStream : Stream
    {
        private readonly byte[] _prefix;
        private readonly Stream _rest;
        private int _position;

        public PrefixedStream(byte[] prefix, Stream rest)
        {
            _prefix = prefix;
            _rest = rest;
        }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position < _prefix.Length)
            {
                var n = Math.Min(buffer.Length, _prefix.Length - _position);
                _prefix.AsSpan(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }
            return _rest.Read(buffer);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// Reads a whole response body into a buffer rented from the shared pool, sized by Content-Length when known:
/// pages of up to 1 MB would otherwise cost several large-object allocations (and gen2 collections) each.
/// </summary>
internal static class BodyReader
{
    public static PooledBody ReadAll(Stream stream, long contentLength)
    {
        var size = contentLength > 0 && contentLength < int.MaxValue ? (int)contentLength + 1 : 64 * 1024;
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = stream.Read(buffer, length, buffer.Length - length);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }
                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }
}

internal readonly struct PooledBody : IDisposable
{
    private readonly byte[] _buffer;

    public PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Memory = new ReadOnlyMemory<byte>(buffer, 0, length);
    }

    public ReadOnlyMemory<byte> Memory { get; }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);
}
