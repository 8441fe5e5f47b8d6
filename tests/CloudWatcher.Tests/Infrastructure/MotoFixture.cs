using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CloudWatcher.Sessions;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// One moto server (a third-party AWS emulator in Python) for every moto test class: started once on a free loopback
/// port, stopped with its process tree when the tests end (or the test process exits). Without moto the tests are
/// skipped with a reason that says how to install it; on CI (CI=true) that is a failure, as is any other version than
/// <see cref="Version"/>, whose behaviour the known-gap list (MotoKnownGaps) describes.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    public const string Version = "5.2.1";
    public const string InstallHint = "pip install \"moto[server]==" + Version + "\"";

    /// <summary>The interpreter with moto: `python3` on PATH unless CLOUDWATCHER_MOTO_PYTHON names another.</summary>
    private static readonly string Python = Environment.GetEnvironmentVariable("CLOUDWATCHER_MOTO_PYTHON") is { Length: > 0 } python ? python : "python3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly OutputTail _output = new();
    private Process? _process;

    /// <summary>Why the moto tests are skipped (moto not installed, not on CI); null when moto runs.</summary>
    public string? SkipReason { get; private set; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Fake keys (moto accepts any) and the region moto's ARNs name.</summary>
    public ConnectionSettings Settings => new()
    {
        Region = "us-east-1",
        AccessKey = "AKIDMOTOFAKEKEY00001",
        SecretKey = "moto-fake-secret-key",
        EndpointUrl = Endpoint,
    };

    /// <summary>Skips the calling test when moto is not installed here (<see cref="SkipReason"/>).</summary>
    public void SkipUnlessRunning() => Skip.If(SkipReason is not null, SkipReason);

    public async Task InitializeAsync()
    {
        HermeticAwsEnvironment.Apply();
        var (installed, detail) = await InstalledVersionAsync();
        if (installed is null)
        {
            var reason = $"moto is not installed for '{Python}' ({detail}); install it with: {InstallHint}";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("CI runs the moto conformance tests, but " + reason);
            }
            SkipReason = reason;
            return;
        }
        if (installed != Version)
        {
            throw new InvalidOperationException($"moto {installed} is installed for '{Python}', but the moto tests and their known-gap list are for moto {Version}: {InstallHint}");
        }
        await StartAsync();
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    /// <summary>moto's version as the interpreter imports it, or null with what went wrong.</summary>
    private static async Task<(string? Version, string Detail)> InstalledVersionAsync()
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-c", "import moto, moto.server; print(moto.__version__)" })
        {
            start.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            return (null, ex.Message); // no such interpreter
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(StartTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"'{Python}' did not say moto's version within {StartTimeout.TotalSeconds} s.");
            }
            return process.ExitCode == 0 ? (LastLine(await output), "") : (null, LastLine(await error));
        }
    }

    /// <summary>Starts moto on a free port; again on another if it exits at once (the port was taken in between).</summary>
    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Launch(FreePort());
            try
            {
                await WaitUntilAnsweringAsync();
                return;
            }
            catch (MotoExitedException) when (attempt < 3)
            {
                Stop();
            }
        }
    }

    private void Launch(int port)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-m", "moto.server", "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start)!;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        // moto logs every request: read both streams to the end so it never blocks on a full pipe.
        _process.OutputDataReceived += (_, e) => _output.Add(e.Data);
        _process.ErrorDataReceived += (_, e) => _output.Add(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
    }

    private async Task WaitUntilAnsweringAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new MotoExitedException($"moto exited with code {_process.ExitCode} at start:\n{_output}");
            }
            try
            {
                using var answer = await http.GetAsync(new Uri(Endpoint, "moto-api/"));
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but slow to answer: ask again.
            }
            await Task.Delay(100);
        }
        Stop();
        throw new InvalidOperationException($"moto did not answer on {Endpoint} within {StartTimeout.TotalSeconds} s:\n{_output}");
    }

    private void Stop()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        process.Dispose();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no output";

    private sealed class MotoExitedException(string message) : InvalidOperationException(message);

    /// <summary>The last lines moto wrote, for the message when it does not start.</summary>
    private sealed class OutputTail
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 40)
                {
                    _lines.Dequeue();
                }
            }
        }

        public override string ToString()
        {
            lock (_lines)
            {
                return string.Join("\n", _lines);
            }
        }
    }
}

/// <summary>The moto test classes: they share one <see cref="MotoFixture"/> (moto takes seconds to start) and so run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>
{
    public const string Name = "moto";
}
