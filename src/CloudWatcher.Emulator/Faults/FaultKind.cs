namespace CloudWatcher.Emulator.Faults;

/// <summary>What an injected fault does to a request (the request itself is not executed).</summary>
public enum FaultKind
{
    /// <summary>400 ThrottlingException (Logs), 400 Throttling (CloudWatch), 503 RequestLimitExceeded (EC2).</summary>
    Throttle,

    /// <summary>503 ServiceUnavailableException (Logs), 503 ServiceUnavailable (CloudWatch), 503 Unavailable (EC2).</summary>
    Unavailable,

    /// <summary>500 InternalFailure (Logs, CloudWatch), 500 InternalError (EC2).</summary>
    Internal,

    /// <summary>200 headers and part of the body, then the connection is aborted (a truncated / reset response).</summary>
    Drop,
}
