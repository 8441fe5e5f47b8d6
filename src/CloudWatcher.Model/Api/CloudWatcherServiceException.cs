namespace CloudWatcher.Api;

/// <summary>What kind of failure a service call met; cmdlets map it to an ErrorCategory.</summary>
public enum ServiceErrorKind
{
    Other,
    NotFound,
    AlreadyExists,
    InvalidInput,
    AccessDenied,
    Throttled,
    LimitExceeded,
    Unavailable,
    Authentication,
}

/// <summary>A failed call to CloudWatch or CloudWatch Logs, with the service's error code.</summary>
public sealed class CloudWatcherServiceException : Exception
{
    public CloudWatcherServiceException(string service, string operation, string? errorCode, ServiceErrorKind kind, int statusCode, string? requestId, string message, Exception? inner = null)
        : base(message, inner)
    {
        Service = service;
        Operation = operation;
        ErrorCode = errorCode;
        Kind = kind;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    public string Service { get; }

    public string Operation { get; }

    public string? ErrorCode { get; }

    public ServiceErrorKind Kind { get; }

    public int StatusCode { get; }

    public string? RequestId { get; }
}

/// <summary>The connection cannot be set up (no region, no credentials, a bad endpoint): nothing was sent.</summary>
public sealed class CloudWatcherConfigurationException : Exception
{
    public CloudWatcherConfigurationException(string errorId, string message, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
    }

    /// <summary>A stable PascalCase id, used as the ErrorRecord's ErrorId.</summary>
    public string ErrorId { get; }
}
