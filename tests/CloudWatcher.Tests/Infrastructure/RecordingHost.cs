using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;
using System.Text;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>A PSHost that records what a user would see: Out-Host text, warnings, verbose, progress.</summary>
public sealed class RecordingHost : PSHost
{
    private readonly RecordingUserInterface _ui = new();

    public override string Name => "CloudWatcherTestHost";

    public override Version Version { get; } = new(1, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    /// <summary>What was written to the host, with ANSI styling removed.</summary>
    public string Text => System.Text.RegularExpressions.Regex.Replace(_ui.Text, "\u001b\\[[0-9;]*m", "");

    public IReadOnlyList<ProgressRecord> Progress => _ui.Progress;

    /// <summary>The code of the last exit the script asked the host for (null when none).</summary>
    public int? ExitCode { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;

    public override void EnterNestedPrompt() => throw new NotSupportedException();

    public override void ExitNestedPrompt() => throw new NotSupportedException();

    public override void NotifyBeginApplication() { }

    public override void NotifyEndApplication() { }

    private sealed class RecordingUserInterface : PSHostUserInterface
    {
        private readonly StringBuilder _text = new();
        private readonly List<ProgressRecord> _progress = new();
        private readonly RawUI _raw = new();

        public string Text
        {
            get { lock (_text) return _text.ToString(); }
        }

        public IReadOnlyList<ProgressRecord> Progress
        {
            get { lock (_progress) return _progress.ToList(); }
        }

        public override PSHostRawUserInterface RawUI => _raw;

        public override void Write(string value) { lock (_text) _text.Append(value); }

        public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

        public override void WriteLine(string value) => Write(value + "\n");

        public override void WriteErrorLine(string value) => Write("ERROR: " + value + "\n");

        public override void WriteDebugLine(string message) => Write("DEBUG: " + message + "\n");

        public override void WriteVerboseLine(string message) => Write("VERBOSE: " + message + "\n");

        public override void WriteWarningLine(string message) => Write("WARNING: " + message + "\n");

        public override void WriteProgress(long sourceId, ProgressRecord record) { lock (_progress) _progress.Add(record); }

        public override string ReadLine() => throw new NotSupportedException("The test host is not interactive.");

        public override SecureString ReadLineAsSecureString() => throw new NotSupportedException();

        public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw new NotSupportedException();

        public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw new NotSupportedException();

        public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice) => throw new NotSupportedException();
    }

    private sealed class RawUI : PSHostRawUserInterface
    {
        public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

        public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

        public override Coordinates CursorPosition { get; set; }

        public override Coordinates WindowPosition { get; set; }

        public override int CursorSize { get; set; }

        public override Size BufferSize { get; set; } = new(200, 3000);

        public override Size WindowSize { get; set; } = new(200, 50);

        public override Size MaxWindowSize => new(200, 50);

        public override Size MaxPhysicalWindowSize => new(200, 50);

        public override bool KeyAvailable => false;

        public override string WindowTitle { get; set; } = "";

        public override KeyInfo ReadKey(ReadKeyOptions options) => throw new NotSupportedException();

        public override void FlushInputBuffer() { }

        public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) { }

        public override void SetBufferContents(Rectangle rectangle, BufferCell fill) { }

        public override BufferCell[,] GetBufferContents(Rectangle rectangle) => new BufferCell[0, 0];

        public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) { }
    }
}
