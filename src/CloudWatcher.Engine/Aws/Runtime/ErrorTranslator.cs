using System.Net;
using Amazon.Runtime;

namespace CloudWatcher.Aws.Runtime;

/// <summary>Turns SDK exceptions into the engine's own, so no AWSSDK type crosses the engine boundary.</summary>
internal static class ErrorTranslator
{
    public static async Task<T> Call<T>(string service, string operation, Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (AmazonServiceException ex)
        {
            throw Translate(service, operation, ex);
        }
        catch (AmazonClientException ex) when (IsCredentialFailure(ex))
        {
            throw new CloudWatcherConfigurationException(
                "CredentialsNotResolved",
                $"AWS credentials could not be resolved for {service} {operation}: {ex.Message} Set -AccessKey/-SecretKey, -ProfileName, the AWS_PROFILE variable, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.",
                ex);
        }
        catch (AmazonClientException ex)
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.Unavailable, 0, null,
                $"{service} {operation} failed before the service answered: {ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CloudWatcherServiceException(service, operation, null, ErrorKind.Unavailable, 0, null,
                $"{service} {operation} could not reach the endpoint: {ex.Message} Check -EndpointUrl / AWS_ENDPOINT_URL, the network, and that the service is up.", ex);
        }
    }

    public static CloudWatcherServiceException Translate(string service, string operation, AmazonServiceException ex)
    {
        var kind = Classify(ex.ErrorCode, ex.StatusCode);
        var code = string.IsNullOrEmpty(ex.ErrorCode) ? $"HTTP {(int)ex.StatusCode}" : ex.ErrorCode;
        var message = $"{service} {operation} failed ({code}): {ex.Message}";
        return new CloudWatcherServiceException(service, operation, ex.ErrorCode, kind, (int)ex.StatusCode, ex.RequestId, message, ex);
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

    private static bool IsCredentialFailure(AmazonClientException ex) =>
        ex.Message.Contains("credentials", StringComparison.OrdinalIgnoreCase);
}
