using System.Diagnostics;
using System.Text.Json;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// The real pwsh users run, as a child process: CLOUDWATCHER_PWSH (a pwsh.dll or a pwsh executable), else the
/// PowerShell dotnet tool that dotnet-tools.json pins, from the NuGet package folder (dotnet tool restore puts it there).
/// </summary>
internal static class PwshChild
{
    public static string PwshPath
    {
        get
        {
            if (Environment.GetEnvironmentVariable("CLOUDWATCHER_PWSH") is { Length: > 0 } given)
            {
                return given;
            }
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "dotnet-tools.json")));
            var version = manifest.RootElement.GetProperty("tools").GetProperty("powershell").GetProperty("version").GetString();
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
                ? root
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            var dll = Path.Combine(packages, "powershell", version!, "tools", "net10.0", "any", OperatingSystem.IsWindows() ? "win" : "unix", "pwsh.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException($"pwsh {version} was not found at {dll}; run 'dotnet tool restore' first.");
        }
    }

    /// <summary>Starts pwsh -NoProfile -NonInteractive -File <paramref name="script"/> with extra environment variables; output is collected.</summary>
    public static Process Start(string script, IReadOnlyDictionary<string, string?> environment, System.Text.StringBuilder output)
    {
        var pwsh = PwshPath;
        var info = new ProcessStartInfo(pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? "dotnet" : pwsh)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.ArgumentList.Add(pwsh);
        }
        foreach (var argument in new[] { "-NoProfile", "-NonInteractive", "-File", script })
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("pwsh did not start.");
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
