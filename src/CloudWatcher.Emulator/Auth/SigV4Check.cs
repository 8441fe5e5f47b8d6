using System.Security.Cryptography;
using System.Text;
using CloudWatcher.Emulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CloudWatcher.Emulator.Auth;

/// <summary>Which error vocabulary to use: JSON (Logs), awsQuery (CloudWatch) or EC2 query.</summary>
internal enum AuthFlavor { Json, Query, Ec2 }

/// <summary>
/// Structural SigV4 check on every request, plus real signature verification when the emulator
/// has credentials configured. Secrets are never logged or echoed.
/// </summary>
internal sealed class SigV4Check
{
    private readonly string? _accessKey;
    private readonly byte[]? _secret;

    public SigV4Check(string? accessKey, string? secretKey)
    {
        if (!string.IsNullOrEmpty(accessKey) && !string.IsNullOrEmpty(secretKey))
        {
            _accessKey = accessKey;
            _secret = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        }
    }

    /// <summary>Throws a 403 <see cref="ServiceError"/> when the request is not acceptably signed.</summary>
    public void Check(HttpRequest request, byte[] body, string service, AuthFlavor flavor)
    {
        string auth = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(auth))
        {
            throw flavor switch
            {
                AuthFlavor.Json => new ServiceError("MissingAuthenticationTokenException", "Missing Authentication Token", 403),
                AuthFlavor.Ec2 => new ServiceError("MissingParameter", "The request must contain the parameter AWSAccessKeyId", 400),
                _ => new ServiceError("MissingAuthenticationToken", "Request is missing Authentication Token", 403),
            };
        }

        var parsed = Parse(auth, flavor);
        string amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length != 16 || amzDate[8] != 'T' || amzDate[15] != 'Z')
            throw Incomplete(flavor, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        if (!amzDate.StartsWith(parsed.Date, StringComparison.Ordinal))
            throw Incomplete(flavor, $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{parsed.Date}' != '{amzDate[..8]}'.");
        if (!string.Equals(parsed.Service, service, StringComparison.Ordinal))
            throw Incomplete(flavor, $"Credential should be scoped to correct service: '{service}'.");
        if (!parsed.SignedHeaders.Contains("host") || !parsed.SignedHeaders.Contains("x-amz-date"))
            throw Incomplete(flavor, "Signed headers must include 'host' and 'x-amz-date'.");

        if (_secret is null) return;

        if (!string.Equals(parsed.AccessKey, _accessKey, StringComparison.Ordinal))
        {
            throw flavor switch
            {
                AuthFlavor.Json => new ServiceError("UnrecognizedClientException", "The security token included in the request is invalid.", 403),
                AuthFlavor.Ec2 => Ec2AuthFailure(),
                _ => new ServiceError("InvalidClientTokenId", "The security token included in the request is invalid.", 403),
            };
        }

        string expected = ComputeSignature(request, body, parsed, amzDate);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature)))
        {
            const string msg = "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
            throw flavor switch
            {
                AuthFlavor.Json => new ServiceError("InvalidSignatureException", msg, 403),
                AuthFlavor.Ec2 => Ec2AuthFailure(),
                _ => new ServiceError("SignatureDoesNotMatch", msg, 403),
            };
        }
    }

    /// <summary>
    /// The service named in the Credential scope of a SigV4 Authorization header
    /// ("monitoring", "ec2", ...); null when there is no such header or it cannot be read.
    /// </summary>
    public static string? ScopeService(HttpRequest request)
    {
        string auth = request.Headers.Authorization.ToString();
        int at = auth.IndexOf("Credential=", StringComparison.Ordinal);
        if (at < 0) return null;
        string rest = auth[(at + "Credential=".Length)..];
        int end = rest.IndexOfAny([',', ' ']);
        var cred = (end >= 0 ? rest[..end] : rest).Split('/');
        return cred.Length == 5 && cred[3].Length > 0 ? cred[3] : null;
    }

    /// <summary>EC2 reports unknown keys and bad signatures alike, with HTTP 401.</summary>
    private static ServiceError Ec2AuthFailure() =>
        new("AuthFailure", "AWS was not able to validate the provided access credentials", 401);

    private static ServiceError Incomplete(AuthFlavor flavor, string message) =>
        new(flavor == AuthFlavor.Json ? "IncompleteSignatureException" : "IncompleteSignature", message, flavor == AuthFlavor.Ec2 ? 400 : 403);

    private sealed record ParsedAuth(string AccessKey, string Date, string Region, string Service, string Scope,
        string[] SignedHeaderList, HashSet<string> SignedHeaders, string Signature);

    private static ParsedAuth Parse(string auth, AuthFlavor flavor)
    {
        const string Algo = "AWS4-HMAC-SHA256";
        auth = auth.Trim();
        if (!auth.StartsWith(Algo + " ", StringComparison.Ordinal))
            throw Incomplete(flavor, "Authorization header must start with 'AWS4-HMAC-SHA256'.");
        string? credential = null, signedHeaders = null, signature = null;
        foreach (var rawPart in auth[Algo.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = rawPart.IndexOf('=');
            if (eq <= 0) throw Incomplete(flavor, $"Authorization header requires a key=value pair: '{rawPart.Split('=')[0]}'.");
            string key = rawPart[..eq], value = rawPart[(eq + 1)..];
            switch (key)
            {
                case "Credential": credential = value; break;
                case "SignedHeaders": signedHeaders = value; break;
                case "Signature": signature = value; break;
            }
        }
        if (credential is null) throw Incomplete(flavor, "Authorization header requires 'Credential' parameter.");
        if (signedHeaders is null) throw Incomplete(flavor, "Authorization header requires 'SignedHeaders' parameter.");
        if (signature is null) throw Incomplete(flavor, "Authorization header requires 'Signature' parameter.");

        var cred = credential.Split('/');
        if (cred.Length != 5 || cred[0].Length == 0 || cred[1].Length != 8 || !cred[1].All(char.IsAsciiDigit)
            || cred[2].Length == 0 || cred[3].Length == 0 || cred[4] != "aws4_request")
            throw Incomplete(flavor, "Credential must have the form <AccessKeyId>/<yyyymmdd>/<region>/<service>/aws4_request.");
        if (signature.Length != 64 || !signature.All(char.IsAsciiHexDigitLower))
            throw Incomplete(flavor, "Signature must be 64 lowercase hexadecimal characters.");
        var list = signedHeaders.Split(';');
        if (list.Any(h => h.Length == 0))
            throw Incomplete(flavor, "SignedHeaders must be a ';'-separated list of header names.");
        return new ParsedAuth(cred[0], cred[1], cred[2], cred[3], string.Join('/', cred[1..]), list,
            new HashSet<string>(list, StringComparer.Ordinal), signature);
    }

    private string ComputeSignature(HttpRequest request, byte[] body, ParsedAuth a, string amzDate)
    {
        string rawTarget = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.Path + request.QueryString);
        int q = rawTarget.IndexOf('?');
        string rawPath = q >= 0 ? rawTarget[..q] : rawTarget;
        string rawQuery = q >= 0 ? rawTarget[(q + 1)..] : "";
        if (rawPath.Length == 0) rawPath = "/";

        string payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        string declared = request.Headers["x-amz-content-sha256"].ToString();
        if (declared == "UNSIGNED-PAYLOAD") payloadHash = declared;

        var canon = new StringBuilder();
        canon.Append(request.Method).Append('\n');
        canon.Append(EncodeAws(rawPath, keepSlash: true)).Append('\n');
        canon.Append(CanonicalQuery(rawQuery)).Append('\n');
        foreach (var h in a.SignedHeaderList)
        {
            var values = request.Headers[h];
            string joined = string.Join(',', values.Select(v => CollapseSpaces((v ?? "").Trim())));
            canon.Append(h).Append(':').Append(joined).Append('\n');
        }
        canon.Append('\n').Append(string.Join(';', a.SignedHeaderList)).Append('\n').Append(payloadHash);

        string stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + a.Scope + "\n"
            + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canon.ToString())));
        byte[] key = Hmac(_secret!, a.Date);
        key = Hmac(key, a.Region);
        key = Hmac(key, a.Service);
        key = Hmac(key, "aws4_request");
        return Convert.ToHexStringLower(Hmac(key, stringToSign));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string CollapseSpaces(string s)
    {
        if (!s.Contains("  ", StringComparison.Ordinal)) return s;
        var sb = new StringBuilder(s.Length);
        bool prevSpace = false;
        foreach (char c in s)
        {
            if (c == ' ') { if (!prevSpace) sb.Append(c); prevSpace = true; }
            else { sb.Append(c); prevSpace = false; }
        }
        return sb.ToString();
    }

    private static string CanonicalQuery(string rawQuery)
    {
        if (rawQuery.Length == 0) return "";
        var pairs = new List<(string K, string V)>();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = part.IndexOf('=');
            string k = Uri.UnescapeDataString(eq >= 0 ? part[..eq] : part);
            string v = eq >= 0 ? Uri.UnescapeDataString(part[(eq + 1)..]) : "";
            pairs.Add((EncodeAws(k, false), EncodeAws(v, false)));
        }
        pairs.Sort((x, y) => { int c = string.CompareOrdinal(x.K, y.K); return c != 0 ? c : string.CompareOrdinal(x.V, y.V); });
        return string.Join('&', pairs.Select(p => p.K + "=" + p.V));
    }

    /// <summary>RFC 3986 encoding as SigV4 wants it (unreserved characters kept, uppercase hex).</summary>
    private static string EncodeAws(string s, bool keepSlash)
    {
        var sb = new StringBuilder(s.Length);
        foreach (byte b in Encoding.UTF8.GetBytes(s))
        {
            char c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (keepSlash && c == '/')) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }
}
