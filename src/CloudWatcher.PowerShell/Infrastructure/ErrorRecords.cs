using System.Management.Automation;
using CloudWatcher.Api;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Builds ErrorRecords with a stable ErrorId, a real category and a message that says what to do.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord FromConfiguration(CloudWatcherConfigurationException ex)
    {
        var category = ex.ErrorId switch
        {
            "ProfileNotFound" => ErrorCategory.ObjectNotFound,
            "CredentialsNotFound" or "CredentialsNotResolved" or "IncompleteCredentials" => ErrorCategory.AuthenticationError,
            _ => ErrorCategory.InvalidArgument,
        };
        return new ErrorRecord(ex, ex.ErrorId, category, null);
    }

    public static ErrorRecord From(Exception exception, object? target) => exception switch
    {
        CloudWatcherConfigurationException config => FromConfiguration(config),
        CloudWatcherServiceException service => FromService(service, target),
        CloudWatcher.Logs.CheckpointException corrupt => new ErrorRecord(corrupt, "CheckpointUnusable", ErrorCategory.InvalidData, corrupt.FilePath),
        CloudWatcher.Presets.PresetFormatException preset => new ErrorRecord(preset, "PresetInvalid", ErrorCategory.InvalidData, preset.FilePath),
        ArgumentException argument => new ErrorRecord(argument, "InvalidArgument", ErrorCategory.InvalidArgument, target),
        FormatException format => new ErrorRecord(format, "InvalidFormat", ErrorCategory.InvalidArgument, target),
        CloudWatcher.IO.FileExistsException exists => new ErrorRecord(exists, "FileExists", ErrorCategory.ResourceExists, exists.FilePath),
        DirectoryNotFoundException missing => new ErrorRecord(missing, "DirectoryNotFound", ErrorCategory.ObjectNotFound, target),
        FileNotFoundException missingFile => new ErrorRecord(missingFile, "FileNotFound", ErrorCategory.ObjectNotFound, target),
        IOException io => new ErrorRecord(io, "FileError", ErrorCategory.WriteError, target),
        UnauthorizedAccessException denied => new ErrorRecord(denied, "FileAccessDenied", ErrorCategory.PermissionDenied, target),
        _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
    };

    private static ErrorRecord FromService(CloudWatcherServiceException ex, object? target)
    {
        var (id, category, action) = ex.Kind switch
        {
            ServiceErrorKind.NotFound => ("ResourceNotFound", ErrorCategory.ObjectNotFound,
                "Check the name and the region; list what exists with Get-CwLogGroup or Find-CwMetric."),
            ServiceErrorKind.AlreadyExists => ("ResourceAlreadyExists", ErrorCategory.ResourceExists,
                "The resource exists already; use it as it is."),
            ServiceErrorKind.InvalidInput => ("InvalidParameter", ErrorCategory.InvalidArgument,
                "Correct the parameter the message names and run the command again."),
            ServiceErrorKind.AccessDenied => ("AccessDenied", ErrorCategory.PermissionDenied,
                $"Grant the IAM permission for {ex.Operation} to the identity in use, or use other credentials (-ProfileName)."),
            ServiceErrorKind.Throttled => ("Throttled", ErrorCategory.LimitsExceeded,
                "The request was throttled even after retries; wait a little and run it again, or lower the request rate (AWS_MAX_ATTEMPTS raises the retries)."),
            ServiceErrorKind.LimitExceeded => ("LimitExceeded", ErrorCategory.QuotaExceeded,
                "A service limit was reached; make the request smaller or raise the quota."),
            ServiceErrorKind.Authentication => ("AuthenticationFailed", ErrorCategory.AuthenticationError,
                "The credentials were refused; check the keys or profile, renew expired session tokens, and check the machine's clock."),
            ServiceErrorKind.Unavailable => ("ServiceUnavailable", ErrorCategory.ConnectionError,
                "The service could not be reached or failed after retries; check the endpoint and network, then try again."),
            _ => ("ServiceError", ErrorCategory.InvalidResult, "See the message from the service."),
        };
        return new ErrorRecord(ex, id, category, target)
        {
            ErrorDetails = new ErrorDetails(ex.Message) { RecommendedAction = action },
        };
    }
}
