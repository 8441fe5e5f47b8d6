using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using CloudWatcher.Sessions;

namespace CloudWatcher.Aws;

/// <summary>
/// The credential chain of the AWS CLI: explicit keys, then -ProfileName, then the SDK's default chain (environment,
/// web identity, AWS_PROFILE/default in the shared files with SSO and assume-role, container, instance role).
/// </summary>
internal static class CredentialResolver
{
    public static (AWSCredentials Credentials, string Source, CredentialProfile? Profile) Resolve(ConnectionSettings settings)
    {
        try
        {
            return ResolveChain(settings);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            // A malformed ~/.aws/credentials or ~/.aws/config: say which files, never quote their contents.
            throw new CloudWatcherConfigurationException("AwsConfigInvalid",
                $"The shared AWS config or credentials file cannot be read ({SharedFiles()}): {ex.GetType().Name}. Fix the file (check 'aws configure list'), " +
                "or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere.");
        }
    }

    private static string SharedFiles()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var config = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE") is { Length: > 0 } c ? c : Path.Combine(home, ".aws", "config");
        var credentials = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE") is { Length: > 0 } k ? k : Path.Combine(home, ".aws", "credentials");
        return $"{config}, {credentials}";
    }

    private static (AWSCredentials Credentials, string Source, CredentialProfile? Profile) ResolveChain(ConnectionSettings settings)
    {
        var hasKey = !string.IsNullOrEmpty(settings.AccessKey);
        var hasSecret = !string.IsNullOrEmpty(settings.SecretKey);
        if (hasKey != hasSecret)
        {
            throw new CloudWatcherConfigurationException("IncompleteCredentials",
                "-AccessKey and -SecretKey must be given together (with -SessionToken for temporary credentials).");
        }
        if (!hasKey && !string.IsNullOrEmpty(settings.SessionToken))
        {
            throw new CloudWatcherConfigurationException("IncompleteCredentials",
                "-SessionToken needs -AccessKey and -SecretKey as well.");
        }
        if (hasKey)
        {
            AWSCredentials explicitCredentials = string.IsNullOrEmpty(settings.SessionToken)
                ? new BasicAWSCredentials(settings.AccessKey, settings.SecretKey)
                : new SessionAWSCredentials(settings.AccessKey, settings.SecretKey, settings.SessionToken);
            // A -ProfileName next to keys gives the region; a name that does not exist is a typo, not nothing.
            var namedProfile = TryProfile(settings.ProfileName);
            if (!string.IsNullOrEmpty(settings.ProfileName) && namedProfile is null)
            {
                throw ProfileNotFound(settings.ProfileName);
            }
            return (explicitCredentials, "parameters", namedProfile);
        }

        if (!string.IsNullOrEmpty(settings.ProfileName))
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(settings.ProfileName, out var profile) || !chain.TryGetAWSCredentials(settings.ProfileName, out var profileCredentials))
            {
                throw ProfileNotFound(settings.ProfileName);
            }
            return (profileCredentials, $"profile '{settings.ProfileName}'", profile);
        }

        try
        {
            var credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials();
            return (credentials, "default credential chain", TryProfile(Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default"));
        }
        catch (Exception ex) when (ex is AmazonClientException or InvalidOperationException)
        {
            throw new CloudWatcherConfigurationException("CredentialsNotFound",
                "No AWS credentials were found. Give -AccessKey and -SecretKey, or -ProfileName, or set AWS_PROFILE, " +
                "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (for the local emulator any non-empty values do).", ex);
        }
    }

    private static CloudWatcherConfigurationException ProfileNotFound(string name) => new("ProfileNotFound",
        $"The AWS profile '{name}' was not found or has no usable credentials in the shared config and credentials files " +
        "(~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). Check the name with 'aws configure list-profiles'.");

    public static CredentialProfile? TryProfile(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        return new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile : null;
    }
}
