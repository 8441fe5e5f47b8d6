using System.Diagnostics;
using System.Globalization;
using CloudWatcher.Tests.Infrastructure;

namespace CloudWatcher.Tests.Cmdlets;

/// <summary>
/// AWSSDK.* and friends live in the module's own load context: with a different AWSSDK.Core already
/// in the default context (as AWS.Tools would leave it), CloudWatcher still works; removal unhooks the resolver.
/// Runs in its own process so the default context is really clean (and the import's warm-up really runs: removing the
/// module straight after the import waits for it, and the module imported again works).
/// </summary>
public sealed class IsolationTests : IClassFixture<EmulatorFixture>
{
    private readonly EmulatorFixture _emulator;

    public IsolationTests(EmulatorFixture emulator) => _emulator = emulator;

    [Fact]
    public async Task WorksBesideAnotherAwsSdkCoreAndUnhooksOnRemove()
    {
        var probe = Path.Combine(TestPaths.RepoRoot, "tests", "CloudWatcher.IsolationProbe", "bin",
            Path.GetFileName(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)))!, "net10.0", "CloudWatcher.IsolationProbe.dll");
        Assert.True(File.Exists(probe), $"probe not built at {probe}");

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(probe);
        start.ArgumentList.Add(TestPaths.ModuleManifest);
        start.ArgumentList.Add(_emulator.Endpoint.ToString());
        start.ArgumentList.Add(EmulatorFixture.AccessKey);
        start.ArgumentList.Add(EmulatorFixture.SecretKey);
        start.Environment.Remove("CLOUDWATCHER_WARMUP");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        var stdoutText = await stdout;
        var stderrText = await stderr;
        var lines = stdoutText.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('='))
            .ToDictionary(l => l[..l.IndexOf('=')], l => l[(l.IndexOf('=') + 1)..]);
        var output = stdoutText + stderrText;

        Assert.True(process.ExitCode == 0, output);
        Assert.False(lines.ContainsKey("error"), output);
        Assert.StartsWith("3.", lines["foreignCoreVersion"]); // AWSSDK.Core 3.7.x carries assembly version 3.3.0.0
        Assert.Equal("True", lines["foreignCoreInDefault"]);
        Assert.NotEqual("0", lines["metricCount"]);
        Assert.Equal("CloudWatcher.MetricInfo", lines["metricType"]);
        Assert.Equal("True", lines["typeLiteral"]); // public types are in the default context, so PowerShell can name them
        Assert.True(int.Parse(lines["plotBytes"], CultureInfo.InvariantCulture) > 10_000, output); // SkiaSharp's native library loaded through the module's context
        Assert.Equal("CloudWatcher", lines["skiaContext"]);
        Assert.Equal("CloudWatcher", lines["engineContext"]);
        Assert.Equal("CloudWatcher,Default", lines["coreContexts"]);
        Assert.Equal("False", lines["resolvedAfterRemove"]);
        Assert.Equal(Environment.ProcessorCount > 1 ? "RanToCompletion" : "NotStarted", lines["warmUpAtRemove"]); // one processor: no warm-up
    }
}
