using System.Management.Automation.Language;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// Every script in the repository parses with the real PowerShell parser: a quick check that names the file and
/// line, before the Pester suite and build.ps1 run them in pwsh.
/// </summary>
public sealed class ScriptSyntaxTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var folder in new[] { "build.ps1", "examples", "tests/Pester", "bench", "scripts" })
        {
            var path = Path.Combine(TestPaths.RepoRoot, folder);
            var files = File.Exists(path) ? new[] { path }
                : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*.ps*1", SearchOption.AllDirectories).ToArray()
                : Array.Empty<string>();
            foreach (var file in files.Where(f => f.EndsWith(".ps1", StringComparison.Ordinal) || f.EndsWith(".psm1", StringComparison.Ordinal)))
            {
                data.Add(Path.GetRelativePath(TestPaths.RepoRoot, file));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void ParsesWithoutErrors(string relativePath)
    {
        Parser.ParseFile(Path.Combine(TestPaths.RepoRoot, relativePath), out _, out var errors);
        Assert.True(errors.Length == 0, string.Join("\n", errors.Select(e => $"{relativePath}:{e.Extent.StartLineNumber}: {e.Message}")));
    }
}
