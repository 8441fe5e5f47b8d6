using System.Management.Automation;
using System.Reflection;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Reads the session defaults AWS.Tools keeps in PowerShell variables: $StoredAWSRegion (Set-DefaultAWSRegion) and
/// $StoredAWSCredentials (Set-AWSCredential). The credentials object belongs to AWS.Tools' own copy of the AWS SDK,
/// so it is read by reflection (as AWS.Tools itself reads it across its modules): an AWSCredentials, or a wrapper
/// holding one in a property, whose GetCredentials() gives the keys.
/// </summary>
internal static class AwsToolsSession
{
    public const string RegionVariable = "StoredAWSRegion";
    public const string CredentialsVariable = "StoredAWSCredentials";

    public static string? StoredRegion(SessionState state)
    {
        var value = Unwrap(state.PSVariable.GetValue(RegionVariable));
        return value?.ToString() is { Length: > 0 } region ? region : null;
    }

    public static (string AccessKey, string SecretKey, string? SessionToken)? StoredCredentials(SessionState state)
    {
        var value = Unwrap(state.PSVariable.GetValue(CredentialsVariable));
        if (value is null)
        {
            return null;
        }
        var credentials = IsAwsCredentials(value.GetType()) ? value : InnerCredentials(value);
        if (credentials is null)
        {
            return null;
        }
        var immutable = credentials.GetType().GetMethod("GetCredentials", Type.EmptyTypes)?.Invoke(credentials, null);
        var access = Read(immutable, "AccessKey");
        var secret = Read(immutable, "SecretKey");
        var token = Read(immutable, "Token");
        return access is null || secret is null ? null : (access, secret, string.IsNullOrEmpty(token) ? null : token);
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static object? InnerCredentials(object wrapper) =>
        wrapper.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .Where(p => p.GetIndexParameters().Length == 0 && IsAwsCredentials(p.PropertyType))
            .Select(p => p.GetValue(wrapper))
            .FirstOrDefault(v => v is not null);

    private static bool IsAwsCredentials(Type? type)
    {
        for (; type is not null; type = type.BaseType)
        {
            if (type.FullName == "Amazon.Runtime.AWSCredentials")
            {
                return true;
            }
        }
        return false;
    }

    private static string? Read(object? target, string property) =>
        target?.GetType().GetProperty(property)?.GetValue(target) as string;
}
