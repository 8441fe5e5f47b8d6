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

    /// <summary>A JSON 1.1 error body ({"__type", "message"}), read with Core's own error unmarshaller.</summary>
    public static AwsWireException FromJson(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
    {
        var reader = new StreamingUtf8JsonReader(context.Stream, AWSConfigs.StreamingUtf8JsonReaderBufferSize ?? 4096, context.JsonMaxDepth);
        ErrorResponse error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
        return new AwsWireException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
}

/// <summary>
/// Reads a JSON 1.1 response body with a parser delegate over the raw UTF-8 bytes. The bytes live in a pooled
/// buffer that is returned after parsing, so the parser must not keep them (copy out what it needs).
/// </summary>
internal sealed class JsonRpcUnmarshaller<T> : JsonResponseUnmarshaller
{
    private readonly Func<ReadOnlyMemory<byte>, T> _parse;

    public JsonRpcUnmarshaller(Func<ReadOnlyMemory<byte>, T> parse)
    {
        _parse = parse;
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        using var body = BodyReader.ReadAll(context.Stream, context.ResponseData?.ContentLength ?? -1);
        ProtocolCheck.RequireJsonObject(body.Memory.Span, context.ResponseData);
        try
        {
            return new WireResponse<T> { Result = _parse(body.Memory) };
        }
        catch (System.Text.Json.JsonException)
        {
            throw ProtocolMismatchException.For("a CloudWatch Logs answer", ProtocolCheck.ContentType(context.ResponseData), body.Memory.Span[..Math.Min(body.Memory.Length, 2048)]);
        }
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode) =>
        AwsWireException.FromJson(context, innerException, statusCode);
}

/// <summary>Reads a JSON 1.1 response body straight from the stream (for pages too big to buffer whole).</summary>
internal sealed class JsonRpcStreamUnmarshaller<T> : JsonResponseUnmarshaller
{
    private readonly Func<Stream, T> _parse;

    public JsonRpcStreamUnmarshaller(Func<Stream, T> parse)
    {
        _parse = parse;
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        // Peek at the start without buffering the page: it must be a JSON object, or it is not CloudWatch Logs.
        var (start, stream) = ProtocolCheck.Peek(context.Stream, 2048);
        ProtocolCheck.RequireJsonObject(start, context.ResponseData);
        try
        {
            return new WireResponse<T> { Result = _parse(stream) };
        }
        catch (System.Text.Json.JsonException)
        {
            throw ProtocolMismatchException.For("a CloudWatch Logs answer", ProtocolCheck.ContentType(context.ResponseData), start);
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
    public static void RequireJsonObject(ReadOnlySpan<byte> start, IWebResponseData? response)
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
        throw ProtocolMismatchException.For("a CloudWatch Logs answer", ContentType(response), start);
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
