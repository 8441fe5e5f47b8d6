using System.Management.Automation.Host;

namespace CloudWatcher.Host;

/// <summary>
/// Console geometry for the formatter. When stdout is redirected there is no window, so the width is a fixed 120
/// columns: wide enough that tables are not truncated badly in logs and files.
/// </summary>
internal sealed class RawUI : PSHostRawUserInterface
{
    private const int RedirectedWidth = 120;
    private const int RedirectedHeight = 50;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override Size BufferSize
    {
        get => new(Width, Console.IsOutputRedirected ? short.MaxValue : Math.Max(Height, TryConsole(() => Console.BufferHeight, Height)));
        set { }
    }

    public override Size WindowSize
    {
        get => new(Width, Height);
        set { }
    }

    public override Size MaxWindowSize => WindowSize;

    public override Size MaxPhysicalWindowSize => WindowSize;

    public override Coordinates CursorPosition
    {
        // Asking a Unix terminal for the cursor means a round trip on stdin; nothing in a non-interactive run needs it.
        get => new(0, 0);
        set { }
    }

    public override Coordinates WindowPosition
    {
        get => new(0, 0);
        set { }
    }

    public override int CursorSize { get; set; } = 25;

    public override string WindowTitle { get; set; } = "cwhost";

    public override bool KeyAvailable => false;

    private static int Width =>
        Console.IsOutputRedirected ? RedirectedWidth : Math.Max(20, TryConsole(() => Console.WindowWidth, RedirectedWidth));

    private static int Height =>
        Console.IsOutputRedirected ? RedirectedHeight : Math.Max(5, TryConsole(() => Console.WindowHeight, RedirectedHeight));

    public override KeyInfo ReadKey(ReadKeyOptions options) =>
        throw ConsoleHostUserInterface.NonInteractive("reading a key");

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw new NotSupportedException("cwhost does not keep a screen buffer.");

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw new NotSupportedException("cwhost does not keep a screen buffer.");

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill)
    {
        // Clear-Host arrives here with a full-screen rectangle; on a terminal, clear it the ANSI way.
        if (!Console.IsOutputRedirected && rectangle.Left == -1 && rectangle.Top == -1)
        {
            Console.Out.Write("\u001b[2J\u001b[H");
        }
    }

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill)
    {
    }

    // A terminal can report 0 or throw when it is detached or resized mid-call.
    private static int TryConsole(Func<int> read, int fallback)
    {
        try
        {
            int value = read();
            return value > 0 ? value : fallback;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or PlatformNotSupportedException)
        {
            return fallback;
        }
    }
}
