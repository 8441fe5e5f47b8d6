using System.Management.Automation;
using System.Text.RegularExpressions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// -InstanceId takes any value CloudWatch takes for the InstanceId dimension (a local test server, on-premises hosts
/// named in the CloudWatch agent), with a warning when it does not look like an EC2 instance id, the usual typo.
/// </summary>
internal static partial class InstanceIds
{
    public static void WarnUnlessEc2Like(Cmdlet cmdlet, IEnumerable<string>? ids)
    {
        foreach (var id in ids ?? Array.Empty<string>())
        {
            if (!Ec2Id().IsMatch(id))
            {
                cmdlet.WriteWarning($"'{id}' does not look like an EC2 instance id (i- and 8 or 17 hexadecimal digits); it is used as the InstanceId dimension value as given.");
            }
        }
    }

    [GeneratedRegex("^i-([0-9a-f]{8}|[0-9a-f]{17})$")]
    private static partial Regex Ec2Id();
}
