using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using CloudWatcher.Sessions;

namespace CloudWatcher.Aws;

/// <summary>The region as the AWS CLI finds it: -Region, the profile's, AWS_REGION/AWS_DEFAULT_REGION, the instance's.</summary>
internal static class RegionResolver
{
    public static RegionEndpoint Resolve(ConnectionSettings settings, CredentialProfile? profile)
    {
        var name = settings.Region;
        if (string.IsNullOrEmpty(name) && !string.IsNullOrEmpty(settings.ProfileName))
        {
            name = profile?.Region?.SystemName;
        }
        if (string.IsNullOrEmpty(name))
        {
            name = NonEmptyVariable("AWS_REGION") ?? NonEmptyVariable("AWS_DEFAULT_REGION");
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
        if (!IsRegionName(name))
        {
            throw new CloudWatcherConfigurationException("InvalidRegion",
                $"'{name}' is not a region name. Use a name like 'us-east-1' or 'eu-west-1'.");
        }
        return RegionEndpoint.GetBySystemName(name);
    }

    // ^[a-z0-9-]{1,63}$ without a Regex: building one costs the first call of a fresh pwsh a few milliseconds.
    private static bool IsRegionName(string name) =>
        name.Length is >= 1 and <= 63 && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');

    private static string? NonEmptyVariable(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    private static bool IsMetadataDisabled() =>
        string.Equals(Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase);
}
