namespace CloudWatcher.Sessions;

/// <summary>
/// Where and as whom to connect. Anything left null is resolved the way the AWS CLI does:
/// environment, shared config/credentials files (AWS_PROFILE), SSO, assume-role, container and instance roles.
/// </summary>
public sealed class ConnectionSettings
{
    public string? Region { get; init; }

    public string? ProfileName { get; init; }

    public string? AccessKey { get; init; }

    public string? SecretKey { get; init; }

    public string? SessionToken { get; init; }

    /// <summary>Overrides the service endpoint (e.g. the local emulator). Also read from AWS_ENDPOINT_URL[_CLOUDWATCH[_LOGS]].</summary>
    public Uri? EndpointUrl { get; init; }

    /// <summary>How long one request may take before it is given up (and retried); default CLOUDWATCHER_TIMEOUT_SEC, else 20 s.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The CloudWatch protocol; null: CLOUDWATCHER_CLOUDWATCH_PROTOCOL (auto, json, query), else Auto.</summary>
    public CloudWatchProtocol? CloudWatchProtocol { get; init; }

    /// <summary>A description that never contains a secret.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Region is not null) parts.Add($"Region={Region}");
        if (ProfileName is not null) parts.Add($"Profile={ProfileName}");
        if (AccessKey is not null) parts.Add($"AccessKey={Redact(AccessKey)}");
        if (SecretKey is not null) parts.Add("SecretKey=****");
        if (SessionToken is not null) parts.Add("SessionToken=****");
        if (EndpointUrl is not null) parts.Add($"EndpointUrl={EndpointUrl}");
        if (Timeout is not null) parts.Add($"Timeout={Timeout.Value.TotalSeconds}s");
        return parts.Count == 0 ? "(default chain)" : string.Join(", ", parts);
    }

    /// <summary>Shows only the last four characters of an access key id, as the AWS console does.</summary>
    public static string Redact(string accessKey) => accessKey.Length <= 4 ? "****" : "****" + accessKey[^4..];
}

/// <summary>How CloudWatch (metrics) is spoken to: JSON 1.0 as current SDKs do, awsQuery as older servers need, or
/// JSON first and awsQuery when the endpoint does not understand it (learned once per endpoint).</summary>
public enum CloudWatchProtocol
{
    Auto,
    Json,
    Query,
}
