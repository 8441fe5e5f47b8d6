using System.Net;
using Amazon.Runtime;
using CloudWatcher.Diagnostics;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Turns SDK exceptions into the engine's own, so no AWSSDK type crosses the engine boundary: a service error keeps
/// its code and kind, a timeout becomes OperationTimeout, an answer that is not the protocol's becomes
/// InvalidResponse, and every message is redacted (a server may quote the signed request back). The SDK's exception
/// is not attached (its text is not redacted); the code, status and request id are kept as properties.
/// </summary>
internal static class ErrorTranslator
{
    public static async Task<T> Call<T>(string service, string operation, Func<Task<T>> call, CancellationToken cancellationToken = default)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // Ctrl+C: not a failure of the service
        }
        catch (Exception ex) when (Find<ProtocolMismatchException>(ex) is { } mismatch)
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.InvalidData, 200, null,
                Redactor.Redact($"{service} {operation}: {mismatch.Message}. Check -EndpointUrl / AWS_ENDPOINT_URL and any proxy in between."));
        }
        catch (Exception ex) when (IsTimeout(ex, cancellationToken))
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.Timeout, 0, null,
                $"{service} {operation} did not answer in time (the request timeout is {TimeoutSeconds(ex)}, tried as often as the retry policy allows). " +
                "Check the endpoint and the network; allow longer with -TimeoutSec or CLOUDWATCHER_TIMEOUT_SEC.");
        }
        catch (AmazonServiceException ex)
        {
            throw Translate(service, operation, ex);
        }
        catch (AmazonClientException ex) when (IsCredentialFailure(ex))
        {
            throw new CloudWatcherConfigurationException(
                "CredentialsNotResolved",
                Redactor.Redact($"AWS credentials could not be resolved for {service} {operation}: {ex.Message} Set -AccessKey/-SecretKey, -ProfileName, the AWS_PROFILE variable, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY."));
        }
        catch (AmazonClientException ex)
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.Unavailable, 0, null,
                Redactor.Redact($"{service} {operation} failed before the service answered: {ex.Message}"));
        }
        catch (HttpRequestException ex)
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.Unavailable, 0, null,
                Redactor.Redact($"{service} {operation} could not reach the endpoint: {ex.Message} Check -EndpointUrl / AWS_ENDPOINT_URL, the network, and that the service is up."));
        }
    }

    public static CloudWatcherServiceException Translate(string service, string operation, AmazonServiceException ex)
    {
        var kind = Classify(ex.ErrorCode, ex.StatusCode);
        var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"HTTP {(int)ex.StatusCode}" : ex.ErrorCode;
        var message = Redactor.Redact($"{service} {operation} failed ({code}): {ex.Message}");
        return new CloudWatcherServiceException(service, operation, ex.ErrorCode, kind, (int)ex.StatusCode, ex.RequestId, message);
    }

    internal static ErrorKind Classify(string? code, HttpStatusCode status) => code switch
    {
        "ResourceNotFoundException" or "ResourceNotFound" or "InvalidInstanceID.NotFound" => ErrorKind.NotFound,
        "InvalidInstanceID.Malformed" => ErrorKind.InvalidInput,
        "ResourceAlreadyExistsException" => ErrorKind.AlreadyExists,
        "InvalidParameterException" or "InvalidParameterValue" or "InvalidParameterCombination" or "MissingParameter"
            or "MissingRequiredParameter" or "InvalidNextToken" or "ValidationError" or "ValidationException"
            or "MalformedQueryException" or "InvalidSequenceTokenException" or "DataAlreadyAcceptedException"
            or "UnrecognizedClientException" when status != HttpStatusCode.Forbidden => ErrorKind.InvalidInput,
        "AccessDeniedException" or "AccessDenied" or "UnauthorizedOperation" or "NotAuthorized" => ErrorKind.AccessDenied,
        "ThrottlingException" or "Throttling" or "TooManyRequestsException" or "RequestLimitExceeded" => ErrorKind.Throttled,
        "LimitExceededException" or "LimitExceeded" or "ServiceQuotaExceededException" or "RequestEntityTooLarge" => ErrorKind.LimitExceeded,
        "ExpiredToken" or "ExpiredTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch" or "InvalidSignatureException"
            or "IncompleteSignature" or "IncompleteSignatureException" or "MissingAuthenticationToken"
            or "MissingAuthenticationTokenException" or "UnrecognizedClientException" => ErrorKind.Authentication,
        "ServiceUnavailableException" or "ServiceUnavailable" or "InternalFailure" or "InternalServiceError" => ErrorKind.Unavailable,
        _ when (int)status >= 500 => ErrorKind.Unavailable,
        _ when status == HttpStatusCode.Forbidden => ErrorKind.AccessDenied,
        _ when status == HttpStatusCode.NotFound => ErrorKind.NotFound,
        _ when (int)status == 400 => ErrorKind.InvalidInput,
        _ => ErrorKind.Other,
    };

    private static bool IsTimeout(Exception ex, CancellationToken cancellationToken) =>
        Find<TimeoutException>(ex) is not null
        || (Find<OperationCanceledException>(ex) is not null && !cancellationToken.IsCancellationRequested);

    private static string TimeoutSeconds(Exception ex) =>
        Find<TimeoutException>(ex)?.Message is { } m && m.Contains("seconds", StringComparison.Ordinal) ? m : "set by -TimeoutSec";

    private static TException? Find<TException>(Exception? ex)
        where TException : Exception
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is TException found)
            {
                return found;
            }
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Count > 0)
            {
                return Find<TException>(aggregate.InnerExceptions[0]);
            }
        }
        return null;
    }

    private static bool IsCredentialFailure(AmazonClientException ex) =>
        ex.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase);
}
