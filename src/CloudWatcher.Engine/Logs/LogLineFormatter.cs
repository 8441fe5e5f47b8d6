using System.Globalization;
using System.Text.RegularExpressions;

namespace CloudWatcher.Logs;

/// <summary>
/// cloudwatcher's formatted log lines: "[dd-mm-YYYY HH:MM:SS UTC] message", with the "[YYYY-MM-DD HH:MM:SS,mmm - LEVEL]"
/// stamp that Python logging writes stripped from the message first. Timestamps are really UTC. Trailing line breaks
/// of a message are removed, so events never leave blank lines; a message of several lines (a stack trace) keeps them.
/// </summary>
public static class LogLineFormatter
{
    private static readonly Regex PythonLoggingStamp = new(@"^\[\d+-\d+-\d+\s\d+:\d+:\d+(.|,)\d+(\]|\s-\s\w+\])\s?", RegexOptions.Compiled | RegexOptions.CultureInvariant);

    public static string Format(LogEvent logEvent, bool stripStamp = true)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        var time = logEvent.Timestamp.Kind == DateTimeKind.Local ? logEvent.Timestamp.ToUniversalTime() : logEvent.Timestamp;
        var message = stripStamp ? StripStamp(logEvent.Message) : logEvent.Message;
        return $"[{time.ToString("dd-MM-yyyy HH:mm:ss", CultureInfo.InvariantCulture)} UTC] {message.TrimEnd('\r', '\n')}";
    }

    /// <summary>The message without a leading Python logging stamp.</summary>
    public static string StripStamp(string message) => PythonLoggingStamp.Replace(message, "", 1);
}
