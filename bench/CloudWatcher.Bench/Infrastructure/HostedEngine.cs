using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>A real PowerShell engine in this process (bare CreateDefault2 session), optionally with the staged module imported by path.</summary>
internal sealed class HostedEngine : IDisposable
{
    private readonly Runspace _runspace;

    public HostedEngine(Uri? endpoint, bool import = true)
    {
        var iss = InitialSessionState.CreateDefault2();
        iss.Commands.Add(new SessionStateCmdletEntry("Write-BenchObject", typeof(WriteBenchObjectCommand), null));
        _runspace = RunspaceFactory.CreateRunspace(iss);
        _runspace.Open();
        if (import)
        {
            Import();
        }
        if (endpoint is not null)
        {
            Run(BenchEnvironment.ConnectionDefaults(endpoint));
        }
    }

    public static string ImportScript => $"Import-Module '{BenchPaths.ModuleManifest.Replace("'", "''")}' -ErrorAction Stop";

    public void Import() => Run(ImportScript);

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>Runs a script; any error (terminating or not) fails the benchmark, since a figure from a failed run means nothing.</summary>
    public Collection<PSObject> Run(string script)
    {
        using var ps = PowerShell.Create(_runspace);
        ps.AddScript(script);
        var output = ps.Invoke();
        if (ps.Streams.Error.Count > 0)
        {
            throw new InvalidOperationException($"The script failed: {script}{Environment.NewLine}" +
                string.Join(Environment.NewLine, ps.Streams.Error.Select(e => e.ToString())));
        }
        return output;
    }

    public void Dispose() => _runspace.Dispose();
}
