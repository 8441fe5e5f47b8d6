using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace CloudWatcher.Host;

/// <summary>
/// Writes output, Write-Host, information, warnings, verbose and debug to stdout (as pwsh does); errors to stderr,
/// so a caller can tell them apart; progress as one line on stderr, only when stderr is a terminal.
/// Colours only where the stream is a terminal and NO_COLOR is unset. Anything that would prompt throws.
/// </summary>
internal sealed class ConsoleHostUserInterface : PSHostUserInterface
{
    private static readonly bool NoColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    private readonly object _lock = new();
    private readonly bool _stdoutColor = !Console.IsOutputRedirected && !NoColor;
    private readonly bool _stderrColor = !Console.IsErrorRedirected && !NoColor;
    private readonly bool _showProgress = !Console.IsErrorRedirected;
    private bool _progressVisible;

    public override PSHostRawUserInterface RawUI { get; } = new RawUI();

    /// <summary>Lets the formatter use $PSStyle (table header colours) only when stdout is a terminal.</summary>
    public override bool SupportsVirtualTerminal => _stdoutColor;

    public static HostException NonInteractive(string what) => new(
        $"cwhost is non-interactive: {what} is not possible. Pass values as parameters (and -Confirm:$false where a command asks for confirmation).",
        null,
        "NonInteractiveHost",
        ErrorCategory.InvalidOperation);

    public override void Write(string value) => WriteOut(value, null);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        WriteOut(value, foregroundColor);

    public override void WriteLine(string value) => WriteOut(value + Environment.NewLine, null);

    public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) =>
        WriteOut(value + Environment.NewLine, foregroundColor);

    public override void WriteErrorLine(string value) => WriteErr(value, ConsoleColor.Red);

    public override void WriteWarningLine(string message) => WriteLine(ConsoleColor.Yellow, default, "WARNING: " + message);

    public override void WriteVerboseLine(string message) => WriteLine(ConsoleColor.Yellow, default, "VERBOSE: " + message);

    public override void WriteDebugLine(string message) => WriteLine(ConsoleColor.Yellow, default, "DEBUG: " + message);

    /// <summary>Formats an error like pwsh's NormalView: message, position, category and error id.</summary>
    public void WriteErrorRecord(ErrorRecord record)
    {
        var text = new StringBuilder();
        string message = record.ErrorDetails?.Message is { Length: > 0 } details
            ? details
            : record.Exception?.Message ?? record.ToString();
        InvocationInfo? invocation = record.InvocationInfo;
        string? command = invocation?.MyCommand?.Name;
        text.Append(string.IsNullOrEmpty(command) ? message : $"{command} : {message}");

        string? position = invocation?.PositionMessage;
        if (!string.IsNullOrWhiteSpace(position))
        {
            text.AppendLine().Append(position.TrimEnd());
        }

        text.AppendLine().Append("    + CategoryInfo          : ").Append(record.CategoryInfo);
        text.AppendLine().Append("    + FullyQualifiedErrorId : ").Append(record.FullyQualifiedErrorId);
        text.AppendLine();
        WriteErr(text.ToString(), ConsoleColor.Red);
    }

    public override void WriteProgress(long sourceId, ProgressRecord record)
    {
        if (!_showProgress)
        {
            return;
        }

        lock (_lock)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                ClearProgressLocked();
                return;
            }

            var line = new StringBuilder(record.Activity);
            if (!string.IsNullOrEmpty(record.StatusDescription))
            {
                line.Append(": ").Append(record.StatusDescription);
            }

            if (record.PercentComplete >= 0)
            {
                line.Append(" [").Append(record.PercentComplete).Append("%]");
            }

            if (record.SecondsRemaining > 0)
            {
                line.Append(' ').Append(TimeSpan.FromSeconds(record.SecondsRemaining).ToString("c")).Append(" left");
            }

            int width = RawUI.WindowSize.Width - 1;
            string text = line.Length > width ? line.ToString(0, Math.Max(0, width - 1)) + "…" : line.ToString();
            Console.Error.Write("\r\u001b[2K" + text);
            Console.Error.Flush();
            _progressVisible = true;
        }
    }

    /// <summary>Removes a progress line left on the terminal, so the shell prompt starts clean.</summary>
    public void ClearProgress()
    {
        lock (_lock)
        {
            ClearProgressLocked();
        }
    }

    public override string ReadLine() => throw NonInteractive("reading a line");

    public override SecureString ReadLineAsSecureString() => throw NonInteractive("reading a secure string");

    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions)
    {
        string names = string.Join(", ", descriptions.Select(d => d.Name));
        throw NonInteractive($"prompting for {names}");
    }

    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) =>
        throw NonInteractive(string.IsNullOrEmpty(caption) ? "asking for a choice" : $"asking '{caption}'");

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        throw NonInteractive("prompting for a credential");

    public override PSCredential PromptForCredential(
        string caption,
        string message,
        string userName,
        string targetName,
        PSCredentialTypes allowedCredentialTypes,
        PSCredentialUIOptions options) =>
        throw NonInteractive("prompting for a credential");

    private void WriteOut(string text, ConsoleColor? color)
    {
        lock (_lock)
        {
            ClearProgressLocked();

            // Formatting embeds $PSStyle escapes (table headers); the engine strips them unless they can show.
            text = GetOutputString(text, _stdoutColor);
            Console.Out.Write(_stdoutColor && color is { } c ? Colorize(text, c) : text);
        }
    }

    private void WriteErr(string line, ConsoleColor color)
    {
        lock (_lock)
        {
            ClearProgressLocked();
            line = GetOutputString(line, _stderrColor);
            Console.Error.WriteLine(_stderrColor ? Colorize(line, color) : line);
        }
    }

    private void ClearProgressLocked()
    {
        if (_progressVisible)
        {
            Console.Error.Write("\r\u001b[2K");
            _progressVisible = false;
        }
    }

    // The reset goes before the trailing newline, so the colour never carries into the next line.
    private static string Colorize(string text, ConsoleColor color)
    {
        string code = AnsiCode(color);
        string newline = text.EndsWith('\n') ? Environment.NewLine : string.Empty;
        string body = newline.Length > 0 ? text[..^Environment.NewLine.Length] : text;
        return $"\u001b[{code}m{body}\u001b[0m{newline}";
    }

    private static string AnsiCode(ConsoleColor color) => color switch
    {
        ConsoleColor.Black => "30",
        ConsoleColor.DarkRed => "31",
        ConsoleColor.DarkGreen => "32",
        ConsoleColor.DarkYellow => "33",
        ConsoleColor.DarkBlue => "34",
        ConsoleColor.DarkMagenta => "35",
        ConsoleColor.DarkCyan => "36",
        ConsoleColor.Gray => "37",
        ConsoleColor.DarkGray => "90",
        ConsoleColor.Red => "91",
        ConsoleColor.Green => "92",
        ConsoleColor.Yellow => "93",
        ConsoleColor.Blue => "94",
        ConsoleColor.Magenta => "95",
        ConsoleColor.Cyan => "96",
        _ => "97",
    };
}
