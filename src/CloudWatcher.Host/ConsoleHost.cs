using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;

namespace CloudWatcher.Host;

/// <summary>A non-interactive console PSHost: renders streams to stdout/stderr and records `exit N`.</summary>
internal sealed class ConsoleHost : PSHost
{
    private static readonly Version HostVersion =
        typeof(ConsoleHost).Assembly.GetName().Version ?? new Version(0, 1);

    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    public ConsoleHostUserInterface UserInterface { get; } = new();

    /// <summary>True once the script ran `exit N`; <see cref="ExitCode"/> then holds N.</summary>
    public bool ShouldExit { get; private set; }

    public int ExitCode { get; private set; }

    public override string Name => "cwhost";

    public override Version Version => HostVersion;

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override CultureInfo CurrentCulture => _culture;

    public override CultureInfo CurrentUICulture => _uiCulture;

    public override PSHostUserInterface UI => UserInterface;

    public override void SetShouldExit(int exitCode)
    {
        ShouldExit = true;
        ExitCode = exitCode;
    }

    public override void EnterNestedPrompt() =>
        throw ConsoleHostUserInterface.NonInteractive("entering a nested prompt");

    public override void ExitNestedPrompt() =>
        throw ConsoleHostUserInterface.NonInteractive("entering a nested prompt");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
