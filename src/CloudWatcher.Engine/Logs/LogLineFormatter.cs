using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Logs;

/// <summary>
/// cloudwatcher's formatted log lines: "[dd-mm-YYYY HH:MM:SS UTC] message", with the "[YYYY-MM-DD HH:MM:SS,mmm - LEVEL]"
/// stamp that Python logging writes stripped from the message first. Timestamps are really UTC. Trailing line breaks
/// of a message are removed, so events never leave blank lines; a message of several lines (a stack trace) keeps them.
/// The line is made of two parts that a writer can copy without building a string (Export-CwLog):
/// <see cref="WritePrefix"/> and <see cref="MessageText"/>.
/// </summary>
public static partial class LogLineFormatter
{
    /// <summary>The length of "[dd-MM-yyyy HH:mm:ss UTC] ".</summary>
    public const int PrefixLength = 26;

    // Source-generated: no Regex is built (or Reflection.Emit-compiled) the first time a line is formatted.
    [GeneratedRegex(@"^\[\d+-\d+-\d+\s\d+:\d+:\d+(.|,)\d+(\]|\s-\s\w+\])\s?", RegexOptions.CultureInvariant)]
    private static partial Regex PythonLoggingStampRegex();

    private static Regex PythonLoggingStamp => PythonLoggingStampRegex();

    public static string Format(LogEvent logEvent, bool stripStamp = true)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var message = MessageText(logEvent.Message, stripStamp);
        return string.Create(PrefixLength + message.Length, (logEvent.Timestamp, logEvent.Message, stripStamp), static (line, state) =>
        {
            WritePrefix(state.Timestamp, line);
            MessageText(state.Message, state.stripStamp).CopyTo(line[PrefixLength..]);
        });
    }

    /// <summary>Writes "[dd-MM-yyyy HH:mm:ss UTC] " (<see cref="PrefixLength"/> characters) for the event's time.</summary>
    public static void WritePrefix(DateTime timestamp, Span<char> destination)
    {
        var time = timestamp.Kind == DateTimeKind.Local ? timestamp.ToUniversalTime() : timestamp;
        destination[0] = '[';
        time.TryFormat(destination[1..], out var written, "dd-MM-yyyy HH:mm:ss", CultureInfo.InvariantCulture);
        " UTC] ".AsSpan().CopyTo(destination[(1 + written)..]);
    }

    /// <summary>The message as the line shows it: without a leading Python logging stamp (unless kept) and trailing line breaks.</summary>
    public static ReadOnlySpan<char> MessageText(string message, bool stripStamp = true)
    {
        var text = message.AsSpan();
        // The stamp starts with "[" and a digit (\d: any Unicode digit); looking first keeps the regex off most messages.
        if (stripStamp && text.Length > 1 && text[0] == '[' && char.IsDigit(text[1]))
        {
            foreach (var match in PythonLoggingStamp.EnumerateMatches(text))
            {
                text = text[(match.Index + match.Length)..];
                break;
            }
        }
        return text.TrimEnd("\r\n");
    }

    /// <summary>The message without a leading Python logging stamp.</summary>
    public static string StripStamp(string message) => PythonLoggingStamp.Replace(message, "", 1);
}
