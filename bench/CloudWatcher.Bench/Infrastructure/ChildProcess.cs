using System.Diagnostics;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>Runs a child process to the end and captures its output (pwsh, the AWS CLI).</summary>
internal static class ChildProcess
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, double Milliseconds);

    public static async Task<Result> RunAsync(string fileName, IEnumerable<string> arguments, TimeSpan timeout,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string?>()) info.Environment[k] = v;

        var sw = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start " + fileName);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(fileName)} did not finish within {timeout.TotalSeconds:0} s.");
        }
        var elapsed = sw.Elapsed.TotalMilliseconds;
        return new Result(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false), elapsed);
    }

    /// <summary>pwsh -NoProfile -NonInteractive -Command text: the real pwsh (the dotnet tool's pwsh.dll through the muxer).</summary>
    public static Task<Result> PwshAsync(string command, TimeSpan timeout)
    {
        var pwsh = BenchPaths.PwshDll;
        var arguments = new List<string> { "-NoProfile", "-NonInteractive", "-Command", command };
        if (pwsh.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            arguments.Insert(0, pwsh);
            return RunAsync("dotnet", arguments, timeout);
        }
        return RunAsync(pwsh, arguments, timeout);
    }
}
