using System.Management.Automation;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

[Collection(ProcessEnvironmentCollection.Name)]
public sealed class GetCwPresetTests
{
    [Fact]
    public void ListsTheBuiltInPresetsWithCloudwatchersFields()
    {
        using var ps = new HostedPowerShell(null);
        var presets = ps.Run("Get-CwPreset").Objects<Preset>().ToList();
        var names = presets.Select(p => p.Name).ToList();
        foreach (var expected in new[] { "nephele_mem", "nephele_mem_cached", "nephele_cpu_usage_user", "nephele_disk_used_percent",
                     "nephele_disk_used_percent_nephele_data", "nephele_processes_dead", "nephele_swap_used", "nephele_swap_used_percent",
                     "aws_ec2_cpu_utilization", "aws_lambda_errors", "aws_apigateway_latency", "aws_rds_cpu_utilization" })
        {
            Assert.Contains(expected, names);
        }
        var disk = presets.Single(p => p.Name == "nephele_disk_used_percent");
        Assert.Equal("NepheleNamespaceEC2", disk.Namespace);
        Assert.Equal("disk_used_percent", disk.MetricName);
        Assert.Equal("root", disk.Id);
        Assert.Equal("Percent", disk.Unit);
        Assert.Equal(new[] { "InstanceId", "path", "fstype", "device" }, disk.Dimensions.Select(d => d.Name));
        Assert.Equal("BuiltIn", disk.Source);
        Assert.Null(presets.Single(p => p.Name == "nephele_mem").OpenDimensions.Except(new[] { "InstanceId" }).FirstOrDefault());
    }

    [Fact]
    public void WildcardsAndUnknownNames()
    {
        using var ps = new HostedPowerShell(null);
        Assert.Equal(8, ps.Run("Get-CwPreset nephele_*").Output.Count);
        var missing = ps.Run("Get-CwPreset nope");
        Assert.Equal("PresetNotFound,CloudWatcher.PowerShell.Commands.GetCwPresetCommand", Assert.Single(missing.Errors).FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, missing.Errors[0].CategoryInfo.Category);
    }

    [Fact]
    public void UserPresetsFromEnvironmentAndPathWinWithAWarning()
    {
        using var env = new TempDirectory();
        using var path = new TempDirectory();
        File.WriteAllText(env.File("nephele_mem.json"), """{"namespace":"Mine","metric_name":"mem_used","dimensions_list":[{"Name":"InstanceId","Value":""}]}""");
        File.WriteAllText(path.File("custom.json"), """{"namespace":"Mine","metric_name":"queue_depth","metric_unit":"Count"}""");
        using var variable = HermeticAwsEnvironment.With(("CLOUDWATCHER_PRESET_PATH", env.Path));
        using var ps = new HostedPowerShell(null);
        var result = ps.Run($"Get-CwPreset -Path '{path.Path}'");
        var mem = result.Objects<Preset>().Single(p => p.Name == "nephele_mem");
        Assert.Equal("Mine", mem.Namespace);
        Assert.Equal("Environment", mem.Source);
        Assert.Equal("mem_used", mem.Id); // metric_id defaults to the metric name
        Assert.Contains(result.Objects<Preset>(), p => p.Name == "custom" && p.Source == "Path");
        Assert.Contains(result.Warnings, w => w.Contains("nephele_mem") && w.Contains("overrides"));
    }

    [Fact]
    public void AMalformedFileIsANamedNonTerminatingErrorAndTheRestStillList()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("broken.json"), "{\n  \"namespace\": \"X\",\n  \"metric_name\": \n}");
        File.WriteAllText(dir.File("nofield.json"), "{ \"namespace\": \"X\" }");
        File.WriteAllText(dir.File("fine.json"), "{ \"namespace\": \"X\", \"metric_name\": \"y\" }");
        using var ps = new HostedPowerShell(null);
        var result = ps.Run($"Get-CwPreset -Path '{dir.Path}'");
        Assert.Contains(result.Objects<Preset>(), p => p.Name == "fine");
        Assert.Contains(result.Objects<Preset>(), p => p.Name == "nephele_mem");
        Assert.Equal(2, result.Errors.Count);
        var broken = result.Errors.Single(e => e.Exception.Message.Contains("broken.json"));
        Assert.StartsWith("PresetInvalid,", broken.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidData, broken.CategoryInfo.Category);
        Assert.Contains("broken.json:4:", broken.Exception.Message); // line and column of the fault
        Assert.Contains(result.Errors, e => e.Exception.Message.Contains("nofield.json") && e.Exception.Message.Contains("metric_name"));
    }

    [Fact]
    public void PresetNamesTabComplete()
    {
        using var ps = new HostedPowerShell(null);
        foreach (var line in new[] { "Get-CwMetric -Preset nephele_sw", "Get-CwPreset nephele_sw" })
        {
            var completions = CommandCompletion.CompleteInput(line, line.Length, null, ps.CreateBare());
            Assert.Equal(new[] { "nephele_swap_used", "nephele_swap_used_percent" }, completions.CompletionMatches.Select(c => c.CompletionText));
        }
    }

    [Fact]
    public void DefaultViewIsANamePathTable()
    {
        using var ps = new HostedPowerShell(null);
        ps.Run("Get-CwPreset nephele_mem | Out-Host");
        Assert.Matches(@"Name\s+Source\s+Path", ps.Host.Text);
        Assert.Contains("nephele_mem.json", ps.Host.Text);
    }
}
