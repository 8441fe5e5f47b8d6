using System.Text.Json;
using CloudWatcher.Tests.Infrastructure;
using CloudWatcher.WireGen;

namespace CloudWatcher.Tests.Wire;

/// <summary>The checked-in wire code is what tools/WireGen makes of models/aws today.</summary>
public sealed class GeneratedWireCodeTests
{
    [Fact]
    public void CheckedInWireCodeIsWhatTheGeneratorWritesFromTheModels()
    {
        var generated = Generator.Generate(TestPaths.RepoRoot).ToList();
        Assert.Equal(2, generated.Count);
        foreach (var (path, text) in generated)
        {
            Assert.True(File.Exists(path), $"{path} is missing: run dotnet run --project tools/WireGen");
            var existing = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
            Assert.True(existing == text, $"{Path.GetFileName(path)} is stale: run dotnet run --project tools/WireGen (models/aws or the generator changed).");
        }
    }

    [Fact]
    public void EveryListedOperationIsInItsServiceModelAndInTheGeneratedCode()
    {
        var models = Path.Combine(TestPaths.RepoRoot, "models", "aws");
        using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(models, "wiregen.json")));
        var generated = Generator.Generate(TestPaths.RepoRoot).ToDictionary(g => Path.GetFileName(g.Path), g => g.Text);
        foreach (var service in config.RootElement.GetProperty("services").EnumerateArray())
        {
            using var model = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(models, service.GetProperty("model").GetString()!)));
            var operations = model.RootElement.GetProperty("operations");
            var code = generated[service.GetProperty("prefix").GetString() + "Wire.g.cs"];
            foreach (var op in service.GetProperty("operations").EnumerateArray().Select(o => o.GetString()!))
            {
                Assert.True(operations.TryGetProperty(op, out _), $"{op} is not an operation of {service.GetProperty("model").GetString()}");
                Assert.Contains($"public const string {op} = \"{op}\";", code, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ModelsCarryTheirLicenceNotice()
    {
        var models = Path.Combine(TestPaths.RepoRoot, "models", "aws");
        Assert.Contains("Apache License", File.ReadAllText(Path.Combine(models, "LICENSE.botocore.txt")), StringComparison.Ordinal);
        Assert.Contains("botocore", File.ReadAllText(Path.Combine(models, "NOTICE")), StringComparison.OrdinalIgnoreCase);
    }
}
