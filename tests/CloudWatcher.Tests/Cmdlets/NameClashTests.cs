using System.Management.Automation;
using System.Reflection;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Users load AWS.Tools and CloudWatcher into one session, and command names are case-insensitive: a name we share
/// with AWS.Tools.CloudWatch, AWS.Tools.CloudWatchLogs or AWS.Tools.Common (cmdlet or alias) silently shadows theirs
/// or ours, and Install-Module refuses us without -AllowClobber. tests/data/aws-tools-command-names.txt holds their
/// names, taken from aws/aws-tools-for-powershell.
/// </summary>
public sealed class NameClashTests
{
    private static readonly HashSet<string> AwsToolsNames = LoadAwsToolsNames();

    [Fact]
    public void TheListHoldsTheThreeModulesNames()
    {
        // The file is what the clash check stands on: a truncated list would let clashes through.
        Assert.True(AwsToolsNames.Count > 200, $"only {AwsToolsNames.Count} names");
        Assert.Contains("Get-CwMetricList", AwsToolsNames); // the name this module had to give up, in our casing
        Assert.Contains("Write-CWLLogEvent", AwsToolsNames);
        Assert.Contains("Set-DefaultAWSRegion", AwsToolsNames);
        Assert.Contains("Get-CWMetrics", AwsToolsNames); // a legacy alias counts too
    }

    [Fact]
    public void NoCmdletTypeOrAliasAttributeClashes()
    {
        // Every [Cmdlet] type in the assembly, exported yet or not, and every [Alias] on those types.
        using var ps = new HostedPowerShell(null);
        var assembly = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single().ImplementingAssembly;
        var names = new List<string>();
        foreach (var type in assembly.GetTypes())
        {
            if (type.GetCustomAttribute<CmdletAttribute>() is { } cmdlet)
            {
                names.Add($"{cmdlet.VerbName}-{cmdlet.NounName}");
                names.AddRange(type.GetCustomAttributes<AliasAttribute>().SelectMany(a => a.AliasNames));
            }
        }
        Assert.NotEmpty(names);
        Assert.Empty(names.Where(AwsToolsNames.Contains));
    }

    [Fact]
    public void NoExportedCommandClashes()
    {
        using var ps = new HostedPowerShell(null);
        var module = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single();
        var exported = module.ExportedCommands.Keys.Concat(module.ExportedAliases.Keys).Concat(module.ExportedFunctions.Keys).ToList();
        Assert.NotEmpty(exported);
        Assert.Empty(exported.Where(AwsToolsNames.Contains));
    }

    private static HashSet<string> LoadAwsToolsNames() =>
        File.ReadLines(Path.Combine(TestPaths.RepoRoot, "tests", "data", "aws-tools-command-names.txt"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
