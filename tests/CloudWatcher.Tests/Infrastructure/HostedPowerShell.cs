using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>
/// A real PowerShell engine in this process with the staged module imported by path, the way a
/// user imports it. Connection defaults point every Cw cmdlet at the emulator unless a test says otherwise.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    public HostedPowerShell(EmulatorFixture? emulator, bool connectionDefaults = true)
    {
        Host = new RecordingHost();
        var iss = InitialSessionState.CreateDefault2();
        _runspace = RunspaceFactory.CreateRunspace(Host, iss);
        _runspace.Open();
        Run($"Import-Module '{TestPaths.ModuleManifest}' -ErrorAction Stop");
        if (emulator is not null && connectionDefaults)
        {
            Run($@"$PSDefaultParameterValues['*-Cw*:Region'] = 'us-east-1'
$PSDefaultParameterValues['*-Cw*:AccessKey'] = '{EmulatorFixture.AccessKey}'
$PSDefaultParameterValues['*-Cw*:SecretKey'] = '{EmulatorFixture.SecretKey}'
$PSDefaultParameterValues['*-Cw*:EndpointUrl'] = '{emulator.Endpoint}'");
        }
    }

    public RecordingHost Host { get; }

    public Runspace Runspace => _runspace;

    /// <summary>Runs a script; terminating errors throw; returns output, errors and the other streams.</summary>
    public RunResult Run(string script, params (string Name, object? Value)[] variables)
    {
        using var ps = Create(script, variables);
        var output = ps.Invoke();
        return new RunResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(),
            ps.Streams.Verbose.Select(v => v.Message).ToList(), ps.Streams.Debug.Select(d => d.Message).ToList(), ps.Streams.Progress.ToList());
    }

    /// <summary>
    /// Runs a script that must fail with a terminating error (one try/catch can catch; non-terminating
    /// errors fall through it) and returns the error record.
    /// </summary>
    public ErrorRecord RunExpectingTerminatingError(string script)
    {
        using var ps = Create("try { " + script + "\n'NotTerminated' } catch { $_ }");
        var output = ps.Invoke();
        var record = output.Select(o => o.BaseObject).OfType<ErrorRecord>().FirstOrDefault();
        Assert.True(record is not null, "expected a terminating error; got: " + string.Join(", ", output) + " / errors: " + string.Join("; ", ps.Streams.Error));
        return record!;
    }

    public PowerShell Create(string script, params (string Name, object? Value)[] variables)
    {
        var ps = PowerShell.Create(_runspace);
        foreach (var (name, value) in variables)
        {
            _runspace.SessionStateProxy.SetVariable(name, value);
        }
        ps.AddScript(script);
        return ps;
    }

    /// <summary>A PowerShell on this runspace with no commands yet (e.g. for CommandCompletion).</summary>
    public PowerShell CreateBare() => PowerShell.Create(_runspace);

    public void Dispose() => _runspace.Dispose();
}

public sealed record RunResult(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<ProgressRecord> Progress)
{
    public IEnumerable<T> Objects<T>() => Output.Select(o => o.BaseObject).OfType<T>();

    public string AllText => string.Join("\n", Output.Select(o => o?.ToString())
        .Concat(Errors.Select(e => e.ToString())).Concat(Warnings).Concat(Verbose).Concat(Debug));
}
