using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Builds ErrorRecords in one place: a CloudWatcherException carries its ErrorId, kind and target; the few .NET
/// exceptions the file system raises get ids of their own. The category comes from the kind, never from the text.
/// </summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(Exception exception, object? target) => exception switch
    {
        CloudWatcherException cw => new ErrorRecord(cw, cw.ErrorId, Category(cw.Kind), cw.Target ?? target)
        {
            ErrorDetails = cw.RecommendedAction is null ? null : new ErrorDetails(cw.Message) { RecommendedAction = cw.RecommendedAction },
        },
        DirectoryNotFoundException missing => new ErrorRecord(missing, "DirectoryNotFound", ErrorCategory.ObjectNotFound, target),
        FileNotFoundException missingFile => new ErrorRecord(missingFile, "FileNotFound", ErrorCategory.ObjectNotFound, target),
        UnauthorizedAccessException denied => new ErrorRecord(denied, "FileAccessDenied", ErrorCategory.PermissionDenied, target),
        IOException io => new ErrorRecord(io, "FileError", ErrorCategory.WriteError, target),
        _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
    };

    /// <summary>A record for a condition found in the cmdlet itself (not an engine failure).</summary>
    public static ErrorRecord Create(string errorId, ErrorKind kind, string message, object? target, string? recommendedAction = null) =>
        From(new CloudWatcherException(errorId, kind, message, target) { RecommendedAction = recommendedAction }, target);

    public static ErrorCategory Category(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidInput => ErrorCategory.InvalidArgument,
        ErrorKind.InvalidData => ErrorCategory.InvalidData,
        ErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        ErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        ErrorKind.AccessDenied => ErrorCategory.PermissionDenied,
        ErrorKind.Authentication => ErrorCategory.AuthenticationError,
        ErrorKind.Throttled => ErrorCategory.LimitsExceeded,
        ErrorKind.LimitExceeded => ErrorCategory.QuotaExceeded,
        ErrorKind.Unavailable => ErrorCategory.ConnectionError,
        ErrorKind.Timeout => ErrorCategory.OperationTimeout,
        ErrorKind.Conflict => ErrorCategory.ResourceBusy,
        ErrorKind.WriteFailed => ErrorCategory.WriteError,
        _ => ErrorCategory.NotSpecified,
    };
}
