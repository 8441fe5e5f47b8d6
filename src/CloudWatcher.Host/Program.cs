using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace CloudWatcher.Host;

/// <summary>
/// cwhost: runs a .ps1 file or a command string in the PowerShell engine with a console host,
/// for machines without pwsh (quick start, CI). Exit code: `exit N`, else 1 on failure, else 0; 130 on Ctrl+C.
/// </summary>
internal static class Program
{
    internal const int ExitSuccess = 0;
    internal const int ExitFailure = 1;
    internal const int ExitUsage = 2;
    internal const int ExitInterrupted = 130;

    private const string Usage = """
        Usage:
          cwhost <script.ps1> [script arguments...]   run a script file (like pwsh -File)
          cwhost -Command "<script text>"             run a command string
          cwhost -Help                                 show this text

        Script arguments that start with '-' are parameter names: cwhost ./run.ps1 -Name web -Verbose
        Exit code: the value of 'exit N', else 1 if the script failed with a terminating error, else 0 (130 on Ctrl+C).
        The host is non-interactive: anything that prompts (Read-Host, mandatory parameters, -Confirm) fails.
        """;

    private static int Main(string[] args)
    {
        Invocation? invocation;
        try
        {
            invocation = Invocation.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"cwhost: {e.Message}");
            Console.Error.WriteLine(Usage);
            return ExitUsage;
        }

        if (invocation is null)
        {
            Console.Out.WriteLine(Usage);
            return ExitSuccess;
        }

        return Run(invocation);
    }

    private static int Run(Invocation invocation)
    {
        var host = new ConsoleHost();
        using Runspace runspace = RunspaceFactory.CreateRunspace(host, InitialSessionState.CreateDefault2());
        runspace.Open();
        RethrowExitFromScriptFiles(runspace);

        using PowerShell ps = PowerShell.Create(runspace);
        invocation.AddTo(ps);
        ps.AddCommand("Out-Default");

        // Non-terminating errors are rendered as they happen, to stderr, not merged into the output.
        ps.Streams.Error.DataAdded += (_, e) => host.UserInterface.WriteErrorRecord(ps.Streams.Error[e.Index]);

        int interrupted = 0;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C stops the pipeline (cmdlets get StopProcessing); a second one kills the process.
            if (Interlocked.Exchange(ref interrupted, 1) == 0)
            {
                e.Cancel = true;
                ps.BeginStop(null, null);
            }
        };
        Console.CancelKeyPress += onCancel;

        bool failed = false;
        try
        {
            ps.Invoke();
            failed = ps.InvocationStateInfo.State == PSInvocationState.Failed;
        }
        catch (PipelineStoppedException) when (Volatile.Read(ref interrupted) == 1)
        {
        }
        catch (RuntimeException e)
        {
            // A terminating error: the script's `throw`, -ErrorAction Stop, a parse error in -Command text.
            host.UserInterface.WriteErrorRecord(e.ErrorRecord);
            failed = true;
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            host.UserInterface.WriteErrorLine($"cwhost: {e.Message}");
            failed = true;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            host.UserInterface.ClearProgress();
        }

        if (Volatile.Read(ref interrupted) == 1)
        {
            return ExitInterrupted;
        }

        if (host.ShouldExit)
        {
            return host.ExitCode;
        }

        return failed ? ExitFailure : ExitSuccess;
    }

    /// <summary>
    /// `exit N` inside a script file normally only ends that script (and sets $LASTEXITCODE); pwsh -File makes it
    /// reach the host through this internal engine switch. There is no public API for it, so set it by reflection
    /// (the engine version is pinned); without it, `exit N` still works in -Command text.
    /// </summary>
    private static void RethrowExitFromScriptFiles(Runspace runspace)
    {
        const BindingFlags NonPublic = BindingFlags.NonPublic | BindingFlags.Instance;
        object? context = typeof(Runspace).GetProperty("ExecutionContext", NonPublic)?.GetValue(runspace);
        context?.GetType().GetProperty("ScriptCommandProcessorShouldRethrowExit", NonPublic)?.SetValue(context, true);
    }
}

/// <summary>What the command line asked for: a script file with its arguments, or command text.</summary>
internal sealed class Invocation
{
    private readonly string? _scriptPath;
    private readonly string? _commandText;
    private readonly IReadOnlyList<string> _scriptArgs;

    private Invocation(string? scriptPath, string? commandText, IReadOnlyList<string> scriptArgs)
    {
        _scriptPath = scriptPath;
        _commandText = commandText;
        _scriptArgs = scriptArgs;
    }

    /// <summary>Returns null when help was asked for; throws ArgumentException on bad arguments.</summary>
    public static Invocation? Parse(string[] args)
    {
        if (args.Length == 0)
        {
            throw new ArgumentException("missing a script file or -Command.");
        }

        string first = args[0];
        if (IsOption(first, "help", "h", "?"))
        {
            return null;
        }

        if (IsOption(first, "command", "c"))
        {
            if (args.Length < 2 || string.IsNullOrWhiteSpace(args[1]))
            {
                throw new ArgumentException("-Command needs the script text.");
            }

            // Like pwsh -Command, everything after -Command is the command text.
            return new Invocation(null, string.Join(' ', args.Skip(1)), []);
        }

        int scriptIndex = IsOption(first, "file", "f") ? 1 : 0;
        if (scriptIndex >= args.Length)
        {
            throw new ArgumentException("-File needs a script path.");
        }

        string script = args[scriptIndex];
        if (script.StartsWith('-'))
        {
            throw new ArgumentException($"unknown option '{script}'.");
        }

        string fullPath = Path.GetFullPath(script);
        if (!File.Exists(fullPath))
        {
            throw new ArgumentException($"script file '{script}' was not found.");
        }

        if (!fullPath.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{script}' is not a .ps1 script file.");
        }

        return new Invocation(fullPath, null, args[(scriptIndex + 1)..]);
    }

    public void AddTo(PowerShell ps)
    {
        if (_commandText is not null)
        {
            ps.AddScript(_commandText);
            return;
        }

        // Invoked as a command (`& 'path'`), not as pasted text, so $PSScriptRoot and $MyInvocation are right; and
        // it must be the pipeline's first script so the exit switch (see Program) reaches it.
        ps.AddCommand(_scriptPath!);
        Command command = ps.Commands.Commands[0];
        foreach (CommandParameter parameter in ScriptArguments(_scriptArgs))
        {
            command.Parameters.Add(parameter);
        }
    }

    /// <summary>
    /// Mirrors pwsh -File: `-Name` is a parameter token (the binder pairs it with the next value, or takes it as a
    /// switch), `-Name:value` a name with its value ($true/$false become booleans), `-Name: value` the same,
    /// anything else a positional string.
    /// </summary>
    private static IEnumerable<CommandParameter> ScriptArguments(IReadOnlyList<string> args)
    {
        string? pendingName = null;
        foreach (string arg in args)
        {
            if (pendingName is not null)
            {
                yield return new CommandParameter(pendingName, arg);
                pendingName = null;
            }
            else if (arg.Length > 1 && arg[0] == '-')
            {
                int colon = arg.IndexOf(':');
                if (colon < 0)
                {
                    // With its dash, the name is an unbound parameter token, not a switch set to true.
                    yield return new CommandParameter(arg);
                }
                else if (colon == arg.Length - 1)
                {
                    pendingName = arg[1..colon];
                }
                else
                {
                    yield return new CommandParameter(arg[1..colon], ToBoolIfPossible(arg[(colon + 1)..]));
                }
            }
            else
            {
                yield return new CommandParameter(null, arg);
            }
        }

        if (pendingName is not null)
        {
            yield return new CommandParameter("-" + pendingName);
        }
    }

    private static object ToBoolIfPossible(string value) =>
        bool.TryParse(value.AsSpan(value.StartsWith('$') ? 1 : 0), out bool result) ? result : value;

    private static bool IsOption(string arg, params string[] names)
    {
        string trimmed = arg.TrimStart('-', '/');
        if (trimmed.Length == arg.Length || (arg[0] == '/' && !OperatingSystem.IsWindows()))
        {
            return false;
        }

        return names.Any(n => string.Equals(trimmed, n, StringComparison.OrdinalIgnoreCase));
    }
}
