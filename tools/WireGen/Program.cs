using System.Text.Json;
using CloudWatcher.WireGen;

// WireGen: models/aws/*.service-2.json + models/aws/wiregen.json -> src/CloudWatcher.Engine/Aws/Generated/*.g.cs
//   dotnet run --project tools/WireGen            writes the files
//   dotnet run --project tools/WireGen -- --check exits 1 when a checked-in file differs from what would be written
var root = FindRoot();
var check = args.Contains("--check");
var stale = 0;
foreach (var (path, text) in Generator.Generate(root))
{
    var existing = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
    if (existing == text)
    {
        continue;
    }
    if (check)
    {
        Console.Error.WriteLine($"{Path.GetRelativePath(root, path)} is stale: run dotnet run --project tools/WireGen");
        stale++;
        continue;
    }
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, text);
    Console.WriteLine($"wrote {Path.GetRelativePath(root, path)}");
}
return stale == 0 ? 0 : 1;

static string FindRoot()
{
    for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "models", "aws", "wiregen.json")))
        {
            return dir.FullName;
        }
    }
    throw new InvalidOperationException("Run WireGen inside the repository (models/aws/wiregen.json was not found above the current folder).");
}

namespace CloudWatcher.WireGen
{
    /// <summary>Everything WireGen writes, as (path, text): the tests compare it with the checked-in files.</summary>
    public static class Generator
    {
        public static IEnumerable<(string Path, string Text)> Generate(string repositoryRoot)
        {
            var models = Path.Combine(repositoryRoot, "models", "aws");
            using var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(models, "wiregen.json")));
            var output = Path.Combine(repositoryRoot, config.RootElement.GetProperty("output").GetString()!);
            foreach (var s in config.RootElement.GetProperty("services").EnumerateArray())
            {
                var service = new ServiceConfig(
                    s.GetProperty("model").GetString()!,
                    s.GetProperty("namespace").GetString()!,
                    s.GetProperty("prefix").GetString()!,
                    s.GetProperty("json").GetBoolean(),
                    s.GetProperty("query").GetBoolean(),
                    s.GetProperty("operations").EnumerateArray().Select(o => o.GetString()!).ToList());
                var model = ServiceModel.Load(Path.Combine(models, service.Model));
                yield return (Path.Combine(output, service.Prefix + "Wire.g.cs"), new Emitter(model, service).Emit());
            }
        }
    }
}
