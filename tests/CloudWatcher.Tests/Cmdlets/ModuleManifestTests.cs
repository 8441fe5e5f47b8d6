using System.Management.Automation;
using System.Reflection;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

public sealed class ModuleManifestTests
{
    [Fact]
    public void CmdletsToExportEqualsTheCmdletTypes()
    {
        using var ps = new HostedPowerShell(null);
        var module = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single();
        var declared = module.ImplementingAssembly.GetTypes()
            .Select(t => t.GetCustomAttribute<CmdletAttribute>())
            .Where(a => a is not null)
            .Select(a => $"{a!.VerbName}-{a.NounName}")
            .OrderBy(n => n)
            .ToList();
        var exported = module.ExportedCmdlets.Keys.OrderBy(n => n).ToList();
        Assert.NotEmpty(declared);
        Assert.Equal(declared, exported);
    }

    [Fact]
    public void ManifestDeclaresCoreEditionAndVersion()
    {
        using var ps = new HostedPowerShell(null);
        var module = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single();
        Assert.Equal(new Version(7, 4), module.PowerShellVersion);
        Assert.Contains("Core", module.CompatiblePSEditions);
        Assert.NotEqual(new Version(0, 0, 0), module.Version);
        Assert.Contains(module.ExportedFormatFiles, f => f.EndsWith("CloudWatcher.Format.ps1xml", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryExportedCmdletHasHelpWithAtLeastTwoExamples()
    {
        using var ps = new HostedPowerShell(null);
        var names = ps.Run("(Get-Module CloudWatcher).ExportedCmdlets.Keys").Output.Select(o => o.ToString()).ToList();
        Assert.NotEmpty(names);
        foreach (var name in names)
        {
            var help = ps.Run($"Get-Help {name} -Full").Output.Single();
            var synopsis = help.Properties["Synopsis"].Value?.ToString() ?? "";
            Assert.False(string.IsNullOrWhiteSpace(synopsis), $"{name}: no synopsis");
            Assert.False(synopsis.StartsWith(name, StringComparison.OrdinalIgnoreCase), $"{name}: synopsis is the generated syntax, so no MAML help was found");
            var examples = ps.Run($"@((Get-Help {name}).examples.example).Count").Output.Single();
            Assert.True((int)examples.BaseObject >= 2, $"{name}: {examples} examples");
            var description = ps.Run($"(Get-Help {name}).description").Output;
            Assert.NotEmpty(description);
        }
    }

    [Fact]
    public void CmdletTypesHoldNoValueTypesOfTheIsolatedEngine()
    {
        // PowerShell inspects the cmdlet types before the module initializer hooks up the resolver; a value-type field
        // of an engine type would make the runtime load CloudWatcher.Engine then, and the import would fail.
        using var ps = new HostedPowerShell(null);
        var module = ps.Run("Get-Module CloudWatcher").Objects<PSModuleInfo>().Single();
        var offenders = module.ImplementingAssembly.GetTypes()
            .Where(t => typeof(Cmdlet).IsAssignableFrom(t))
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Select(f => (t, f)))
            .Where(x => (Nullable.GetUnderlyingType(x.f.FieldType) ?? x.f.FieldType) is { IsValueType: true } type && type.Assembly.GetName().Name == "CloudWatcher.Engine")
            .Select(x => $"{x.t.Name}.{x.f.Name}")
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void EveryCmdletDeclaresOutputTypes()
    {
        using var ps = new HostedPowerShell(null);
        var commands = ps.Run("Get-Command -Module CloudWatcher").Objects<CmdletInfo>().ToList();
        Assert.All(commands, c => Assert.NotEmpty(c.OutputType));
    }
}
