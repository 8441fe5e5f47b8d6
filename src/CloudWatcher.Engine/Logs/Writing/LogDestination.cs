using System.Security.Cryptography;
using System.Text;

namespace CloudWatcher.Logs.Writing;

/// <summary>
/// Where events go: a log group and stream, and the connection's region and endpoint override, which the spool keeps
/// so that spooled events are only ever sent where they were meant to go. Never credentials: the endpoint is kept
/// without user information, query or fragment.
/// </summary>
public sealed record LogDestination
{
    public LogDestination(string region, string? endpoint, string logGroupName, string logStreamName)
    {
        ArgumentException.ThrowIfNullOrEmpty(region);
        ArgumentException.ThrowIfNullOrEmpty(logGroupName);
        ArgumentException.ThrowIfNullOrEmpty(logStreamName);
        Region = region;
        Endpoint = NormalizeEndpoint(endpoint);
        LogGroupName = logGroupName;
        LogStreamName = logStreamName;
    }

    public string Region { get; }

    /// <summary>The endpoint override (scheme, host, port, path), or null for AWS's own endpoint of the region.</summary>
    public string? Endpoint { get; }

    public string LogGroupName { get; }

    public string LogStreamName { get; }

    /// <summary>
    /// The format of the events (<see cref="Ports.LogFormats.Emf"/> for Embedded Metric Format), sent with every
    /// PutLogEvents call as x-amzn-logs-format; null for plain events. Spooled events keep it, so a resend sends it too.
    /// </summary>
    public string? LogFormat { get; init; }

    /// <summary>True when a session of this region and endpoint sends to the same place.</summary>
    public bool IsReachedBy(string region, string? endpoint) =>
        string.Equals(Region, region, StringComparison.OrdinalIgnoreCase)
        && string.Equals(Endpoint, NormalizeEndpoint(endpoint), StringComparison.Ordinal);

    /// <summary>A folder name that is the same for the same destination and safe on every file system.</summary>
    internal string FolderName
    {
        get
        {
            // A format joins the identity only when there is one, so the folders of plain events keep their names.
            var identity = string.Join("\n", Region.ToLowerInvariant(), Endpoint ?? "", LogGroupName, LogStreamName) + (LogFormat is null ? "" : "\n" + LogFormat);
            var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
            var readable = new StringBuilder();
            foreach (var c in (LogGroupName.TrimStart('/') + "~" + LogStreamName).Take(48))
            {
                readable.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '~' ? c : '_');
            }
            return readable + "-" + hash;
        }
    }

    public override string ToString() => $"{LogGroupName} / {LogStreamName}";

    /// <summary>scheme://host[:port][/path] without a trailing slash, user information, query or fragment.</summary>
    public static string? NormalizeEndpoint(string? endpoint)
    {
        if (string.IsNullOrWhiteSpace(endpoint))
        {
            return null;
        }
        if (!Uri.TryCreate(endpoint.Trim(), UriKind.Absolute, out var uri))
        {
            return endpoint.Trim().TrimEnd('/');
        }
        var text = $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? "" : ":" + uri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))}{uri.AbsolutePath}";
        return text.TrimEnd('/');
    }
}
