namespace CloudWatcher;

/// <summary>What kind of failure happened; the cmdlets map it to an ErrorCategory in one place.</summary>
public enum ErrorKind
{
    Other,
    InvalidInput,
    InvalidData,
    NotFound,
    AlreadyExists,
    AccessDenied,
    Authentication,
    Throttled,
    LimitExceeded,
    Unavailable,
    Timeout,
    Conflict,
    WriteFailed,
}

/// <summary>
/// A failure the user can cause or act on, with a stable PascalCase <see cref="ErrorId"/> (the ErrorRecord's id),
/// a <see cref="Kind"/> (its category), the object it concerns, and a message that says what to do. The engine throws
/// these (or subclasses) for everything a user can meet, so the cmdlets never guess an id from a message.
/// </summary>
public class CloudWatcherException : Exception
{
    public CloudWatcherException(string errorId, ErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ArgumentException.ThrowIfNullOrEmpty(errorId);
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>A stable PascalCase id, used as the ErrorRecord's ErrorId.</summary>
    public string ErrorId { get; }

    public ErrorKind Kind { get; }

    /// <summary>What the failure concerns (a name, a path); the ErrorRecord's target object.</summary>
    public object? Target { get; }

    /// <summary>What to do about it, when that is not already the message's last sentence.</summary>
    public string? RecommendedAction { get; init; }
}

/// <summary>A failed call to CloudWatch, CloudWatch Logs or EC2, with the service's error code.</summary>
public sealed class CloudWatcherServiceException : CloudWatcherException
{
    public CloudWatcherServiceException(string service, string operation, string? errorCode, ErrorKind kind, int statusCode, string? requestId,
        string message, Exception? inner = null)
        : base(IdFor(kind), kind, message, null, inner)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
        RecommendedAction = ActionFor(kind, operation);
    }

    public string Service { get; }

    public string Operation { get; }

    public string? ErrorCode { get; }

    public int StatusCode { get; }

    public string? RequestId { get; }

    private static string IdFor(ErrorKind kind) => kind switch
    {
        ErrorKind.NotFound => "ResourceNotFound",
        ErrorKind.AlreadyExists => "ResourceAlreadyExists",
        ErrorKind.InvalidInput => "InvalidParameter",
        ErrorKind.AccessDenied => "AccessDenied",
        ErrorKind.Throttled => "Throttled",
        ErrorKind.LimitExceeded => "LimitExceeded",
        ErrorKind.Authentication => "AuthenticationFailed",
        ErrorKind.Unavailable => "ServiceUnavailable",
        ErrorKind.Timeout => "OperationTimeout",
        ErrorKind.InvalidData => "InvalidResponse",
        _ => "ServiceError",
    };

    private static string ActionFor(ErrorKind kind, string operation) => kind switch
    {
        ErrorKind.NotFound => "Check the name and the region; list what exists with Get-CwLogGroup or Find-CwMetric.",
        ErrorKind.AlreadyExists => "The resource exists already; use it as it is.",
        ErrorKind.InvalidInput => "Correct the parameter the message names and run the command again.",
        ErrorKind.AccessDenied => $"Grant the IAM permission for {operation} to the identity in use, or use other credentials (-ProfileName).",
        ErrorKind.Throttled => "The request was throttled even after retries; wait a little and run it again, or lower the request rate (AWS_MAX_ATTEMPTS raises the retries).",
        ErrorKind.LimitExceeded => "A service limit was reached; make the request smaller or raise the quota.",
        ErrorKind.Authentication => "The credentials were refused; check the keys or profile, renew expired session tokens, and check the machine's clock.",
        ErrorKind.Unavailable => "The service could not be reached or failed after retries; check the endpoint and network, then try again.",
        ErrorKind.Timeout => "The endpoint did not answer in time; check the endpoint and network, or allow longer (see about_CloudWatcher).",
        ErrorKind.InvalidData => "Check that the endpoint is a CloudWatch endpoint (-EndpointUrl, AWS_ENDPOINT_URL), not a proxy or web page.",
        _ => "See the message from the service.",
    };
}

/// <summary>The connection cannot be set up (no region, no credentials, a bad endpoint): nothing was sent.</summary>
public sealed class CloudWatcherConfigurationException : CloudWatcherException
{
    public CloudWatcherConfigurationException(string errorId, string message, Exception? inner = null)
        : base(errorId, KindFor(errorId), message, null, inner)
    {
    }

    private static ErrorKind KindFor(string errorId) => errorId switch
    {
        "ProfileNotFound" => ErrorKind.NotFound,
        "CredentialsNotFound" or "CredentialsNotResolved" or "IncompleteCredentials" => ErrorKind.Authentication,
        _ => ErrorKind.InvalidInput,
    };
}

/// <summary>A checkpoint file that cannot be used; it is left untouched so nothing is silently re-read or skipped.</summary>
public sealed class CheckpointException : CloudWatcherException
{
    public CheckpointException(string path, string reason, Exception? inner = null)
        : base("CheckpointUnusable", ErrorKind.InvalidData,
            $"The checkpoint '{path}' cannot be used: {reason}. It was left as it is; fix or delete it (deleting reads from the start again), or use another -CheckpointPath.",
            path, inner)
    {
        FilePath = path;
    }

    public string FilePath { get; }
}

/// <summary>A preset file that cannot be read: names the file and, where known, the line and column of the fault.</summary>
public sealed class PresetFormatException : CloudWatcherException
{
    public PresetFormatException(string path, long? line, long? column, string reason, Exception? inner = null)
        : base("PresetInvalid", ErrorKind.InvalidData, Compose(path, line, column, reason), path, inner)
    {
        FilePath = path;
        Line = line;
        Column = column;
    }

    public string FilePath { get; }

    public long? Line { get; }

    public long? Column { get; }

    private static string Compose(string path, long? line, long? column, string reason)
    {
        var where = line is null ? path : $"{path}:{line}:{column}";
        return $"The preset file {where} is not valid: {reason}. Fix the file (see presets/ in the module for the format) or move it out of the preset folders.";
    }
}

/// <summary>The target file exists and replacing it was not asked for.</summary>
public sealed class FileExistsException : CloudWatcherException
{
    public FileExistsException(string path)
        : base("FileExists", ErrorKind.AlreadyExists, $"The file '{path}' exists already. Use -Force to replace it, or choose another path.", path)
    {
        FilePath = path;
    }

    public string FilePath { get; }
}
