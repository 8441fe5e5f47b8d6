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
}

/// <summary>Reads a JSON 1.1 response body with a parser delegate over the raw UTF-8 bytes.</summary>
internal sealed class JsonRpcUnmarshaller<T> : JsonResponseUnmarshaller
{
    private readonly Func<ReadOnlyMemory<byte>, T> _parse;

    public JsonRpcUnmarshaller(Func<ReadOnlyMemory<byte>, T> parse)
    {
        _parse = parse;
    }

    public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
    {
        var body = BodyReader.ReadAll(context.Stream);
        return new WireResponse<T> { Result = _parse(body) };
    }

    public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
    {
        var reader = new StreamingUtf8JsonReader(context.Stream, AWSConfigs.StreamingUtf8JsonReaderBufferSize ?? 4096, context.JsonMaxDepth);
        ErrorResponse error = JsonErrorResponseUnmarshaller.GetInstance().Unmarshall(context, ref reader);
        return new AwsWireException(error.Message, innerException, error.Type, error.Code, error.RequestId, statusCode);
    }
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
        using var reader = XmlReader.Create(context.Stream, settings);
        var response = new WireResponse<T>();
        reader.MoveToContent(); // <XxxResponse>
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

internal static class BodyReader
{
    public static ReadOnlyMemory<byte> ReadAll(Stream stream)
    {
        using var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Max(0, stream.Length) : 16 * 1024);
        stream.CopyTo(buffer);
        return new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
