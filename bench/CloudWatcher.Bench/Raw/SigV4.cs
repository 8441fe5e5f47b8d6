using System.Globalization;
using Amazon.Runtime.Internal.Auth;
using Amazon.Util;

namespace CloudWatcher.Bench.Raw;

/// <summary>
/// Signs a POST to "/" with AWSSDK.Core's AWS4Signer (the canonical request is the simple one a JSON 1.0/1.1 or
/// awsQuery POST has: no query string, a few headers). The emulator verifies these signatures for real.
/// </summary>
internal sealed class SigV4
{
    private readonly string _accessKey;
    private readonly string _secretKey;
    private readonly string _region;

    public SigV4(string accessKey, string secretKey, string region)
    {
        _accessKey = accessKey;
        _secretKey = secretKey;
        _region = region;
    }

    /// <summary>A signed POST; <paramref name="queryMode"/> adds (and signs) x-amzn-query-mode: true, as SDKs do for CloudWatch over JSON 1.0.</summary>
    public HttpRequestMessage CreatePost(Uri endpoint, string service, string contentType, string? target, byte[] body, bool queryMode = false)
    {
        var now = DateTime.UtcNow;
        var amzDate = now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var host = endpoint.Authority;
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["content-type"] = contentType,
            ["host"] = host,
            ["x-amz-date"] = amzDate,
        };
        if (target is not null) headers["x-amz-target"] = target;
        if (queryMode) headers["x-amzn-query-mode"] = "true";
        var signedHeaders = string.Join(";", headers.Keys);
        var canonical = "POST\n/\n\n" + string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")) + "\n" + signedHeaders + "\n" +
            AWSSDKUtils.ToHex(AWS4Signer.ComputeHash(body), true);
        var signature = AWS4Signer.ComputeSignature(_accessKey, _secretKey, _region, now, service, signedHeaders, canonical);

        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        if (queryMode) request.Headers.TryAddWithoutValidation("x-amzn-query-mode", "true");
        request.Headers.TryAddWithoutValidation("Authorization", signature.ForAuthorizationHeader);
        return request;
    }
}
