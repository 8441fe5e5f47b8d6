using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using CloudWatcher.Api;
using Amazon.EC2;
using CloudWatcher.Aws.Ec2;
using CloudWatcher.Aws.Logs;
using CloudWatcher.Aws.Metrics;
using CloudWatcher.Aws.Runtime;

namespace CloudWatcher.Connection;

/// <summary>
/// A connected pair of clients (CloudWatch and CloudWatch Logs) for one set of connection settings.
/// Region and credentials are resolved before anything is sent; a gap is a
/// <see cref="CloudWatcherConfigurationException"/> that says what to set.
/// </summary>
public sealed class CloudWatcherSession : IDisposable
{
    private readonly CloudWatchApi _cloudWatch;
    private readonly LogsApi _logs;
    private readonly Lazy<Ec2Api> _ec2;

    private CloudWatcherSession(CloudWatchApi cloudWatch, LogsApi logs, Func<Ec2Api> ec2, string region, string credentialSource, string? endpoint)
    {
        _cloudWatch = cloudWatch;
        _logs = logs;
        _ec2 = new Lazy<Ec2Api>(ec2);
        Region = region;
        CredentialSource = credentialSource;
        Endpoint = endpoint;
    }

    public ICloudWatchApi CloudWatch => _cloudWatch;

    public ICloudWatchLogsApi Logs => _logs;

    /// <summary>EC2, created on first use (only the uptime cmdlet needs it).</summary>
    public IEc2Api Ec2 => _ec2.Value;

    public string Region { get; }

    /// <summary>Where the credentials came from, e.g. "parameters" or "profile 'dev'"; never the keys.</summary>
    public string CredentialSource { get; }

    /// <summary>The endpoint override in force, if any.</summary>
    public string? Endpoint { get; }

    public static CloudWatcherSession Connect(ConnectionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var (credentials, source, profile) = ResolveCredentials(settings);
        var region = ResolveRegion(settings, profile);

        var cloudWatchConfig = Configure(new ServiceConfig(ServiceDescription.CloudWatch), region, settings.EndpointUrl);
        var logsConfig = Configure(new ServiceConfig(ServiceDescription.Logs), region, settings.EndpointUrl);
        var endpoint = settings.EndpointUrl?.ToString() ?? logsConfig.ServiceURL ?? cloudWatchConfig.ServiceURL;
        return new CloudWatcherSession(
            new CloudWatchApi(new WireClient(credentials, cloudWatchConfig)),
            new LogsApi(new WireClient(credentials, logsConfig)),
            () => new Ec2Api(new AmazonEC2Client(credentials, ConfigureEc2(region, settings.EndpointUrl))),
            region.SystemName,
            source,
            endpoint);
    }

    public void Dispose()
    {
        _cloudWatch.Dispose();
        _logs.Dispose();
        if (_ec2.IsValueCreated)
        {
            _ec2.Value.Dispose();
        }
    }

    private static AmazonEC2Config ConfigureEc2(RegionEndpoint region, Uri? endpointUrl)
    {
        var config = new AmazonEC2Config { RegionEndpoint = region, RetryMode = RequestRetryMode.Standard };
        if (endpointUrl is not null)
        {
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region.SystemName;
        }
        return config;
    }

    private static ServiceConfig Configure(ServiceConfig config, RegionEndpoint region, Uri? endpointUrl)
    {
        config.RegionEndpoint = region;
        if (endpointUrl is not null)
        {
            if (!endpointUrl.IsAbsoluteUri || (endpointUrl.Scheme != Uri.UriSchemeHttp && endpointUrl.Scheme != Uri.UriSchemeHttps))
            {
                throw new CloudWatcherConfigurationException("InvalidEndpointUrl",
                    $"The endpoint URL '{endpointUrl}' is not an absolute http:// or https:// URL. Give one like 'http://127.0.0.1:4566'.");
            }
            // Setting ServiceURL clears RegionEndpoint; keep signing for the chosen region.
            config.ServiceURL = endpointUrl.ToString();
            config.AuthenticationRegion = region.SystemName;
        }
        return config;
    }

    private static (AWSCredentials Credentials, string Source, CredentialProfile? Profile) ResolveCredentials(ConnectionSettings settings)
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
            return (explicitCredentials, "parameters", TryProfile(settings.ProfileName));
        }

        if (!string.IsNullOrEmpty(settings.ProfileName))
        {
            var chain = new CredentialProfileStoreChain();
            if (!chain.TryGetProfile(settings.ProfileName, out var profile) || !chain.TryGetAWSCredentials(settings.ProfileName, out var profileCredentials))
            {
                throw new CloudWatcherConfigurationException("ProfileNotFound",
                    $"The AWS profile '{settings.ProfileName}' was not found or has no usable credentials in the shared config and credentials files " +
                    "(~/.aws/config, ~/.aws/credentials, or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). Check the name with 'aws configure list-profiles'.");
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

    private static RegionEndpoint ResolveRegion(ConnectionSettings settings, CredentialProfile? profile)
    {
        var name = settings.Region;
        if (string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(settings.ProfileName))
        {
            name = profile?.Region?.SystemName;
        }
        if (string.IsNullOrEmpty(name))
        {
            name = Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION");
        }
        if (string.IsNullOrEmpty(name))
        {
            name = profile?.Region?.SystemName;
        }
        if (string.IsNullOrEmpty(name) && !IsMetadataDisabled())
        {
            // Last resort, as the SDKs do: the instance's own region from IMDS.
            FallbackRegionFactory.Reset();
            name = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: true)?.SystemName;
        }
        if (string.IsNullOrEmpty(name))
        {
            throw new CloudWatcherConfigurationException("RegionNotSet",
                "No AWS region is set. Give -Region (for example -Region eu-west-1), set the AWS_REGION variable, or set 'region' in your AWS profile.");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9-]{1,63}$"))
        {
            throw new CloudWatcherConfigurationException("InvalidRegion",
                $"'{name}' is not a region name. Use a name like 'us-east-1' or 'eu-west-1'.");
        }
        return RegionEndpoint.GetBySystemName(name);
    }

    private static CredentialProfile? TryProfile(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        return new CredentialProfileStoreChain().TryGetProfile(name, out var profile) ? profile : null;
    }

    private static bool IsMetadataDisabled() =>
        string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
}
