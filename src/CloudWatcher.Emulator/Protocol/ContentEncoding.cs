using System.IO.Compression;
using Microsoft.AspNetCore.Http;

namespace CloudWatcher.Emulator.Protocol;

/// <summary>
/// Request bodies sent with <c>Content-Encoding: gzip</c> (CloudWatch accepts them for PutMetricData, the model's
/// requestcompression trait; current SDKs compress bodies of 10 KiB and more). The signature covers the body as
/// sent, so callers check it on the raw bytes and parse the decoded ones. Decoding stops at a bound, so a small
/// compressed body cannot expand without limit.
/// </summary>
internal static class ContentEncoding
{
    /// <summary>Whether the body came gzip-compressed.</summary>
    public static bool IsGzip(HttpRequest request) =>
        request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);

    /// <summary>The body as the operation reads it: decoded when it came gzip-compressed, else as sent.</summary>
    public static byte[] Decode(HttpRequest request, byte[] body, int maxDecodedBytes)
    {
        var encodings = request.Headers.ContentEncoding.ToString()
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var encoding in encodings.Reverse())
        {
            if (encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase))
            {
                body = Gunzip(body, maxDecodedBytes);
            }
            else if (!encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
            {
                throw new ServiceError("InvalidParameterValue", $"The Content-Encoding '{encoding}' is not supported; send the body as it is or gzip-compressed.");
            }
        }
        return body;
    }

    private static byte[] Gunzip(byte[] body, int maxDecodedBytes)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
            using var decoded = new MemoryStream(body.Length * 4);
            var buffer = new byte[81920];
            int read;
            while ((read = gzip.Read(buffer)) > 0)
            {
                decoded.Write(buffer, 0, read);
                if (decoded.Length > maxDecodedBytes)
                {
                    throw new ServiceError("RequestEntityTooLarge", $"Request size exceeded {maxDecodedBytes} bytes once decompressed", 413);
                }
            }
            return decoded.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new ServiceError("InvalidParameterValue", "The request body is marked Content-Encoding: gzip but is not valid gzip data.");
        }
    }
}
