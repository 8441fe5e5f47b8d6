using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes AWS region names (a fixed list: completion must never call the network).</summary>
public sealed class RegionCompleter : IArgumentCompleter
{
    private static readonly string[] Regions =
    {
        "af-south-1", "ap-east-1", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ca-central-1", "ca-west-1",
        "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
        "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
        "us-east-2", "us-gov-east-1", "us-gov-west-1", "us-west-1", "us-west-2",
    };

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var pattern = new WildcardPattern((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
        return Regions.Where(pattern.IsMatch).Select(r => new CompletionResult(r, r, CompletionResultType.ParameterValue, r));
    }
}
