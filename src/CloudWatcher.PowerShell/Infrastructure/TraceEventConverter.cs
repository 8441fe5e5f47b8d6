using System.Globalization;
using System.Management.Automation;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Turns a record of one of PowerShell's six streams into a log event: one line of JSON with the level, the stream,
/// the time and the message first, then what the stream adds (an error's id, category, target, script position,
/// script stack trace and exception type; an information record's tags and source; an output object's type). Text and
/// other simple values are the message as text; other objects are the message as JSON (properties, to the depth, as
/// Write-CwLog writes them, <see cref="JsonLine"/>). The event's time is the record's own (an information record's
/// TimeGenerated), else when it was seen.
/// </summary>
internal sealed partial class TraceEventConverter
{
    private readonly JsonLine _json;

    public TraceEventConverter(int depth) => _json = new JsonLine(depth);

    /// <summary>True once an object was deeper than the depth (what lies deeper was written as its text).</summary>
    public bool DepthExceeded => _json.DepthExceeded;

    public static string Level(StreamKind stream) => stream switch
    {
        StreamKind.Error => "ERROR",
        StreamKind.Warning => "WARN",
        StreamKind.Verbose => "VERBOSE",
        StreamKind.Debug => "DEBUG",
        _ => "INFO",
    };

    /// <summary>The event for a record the block wrote, seen at <paramref name="seen"/> (UTC).</summary>
    public (DateTime Timestamp, string Message) Convert(StreamRecord record, DateTime seen)
    {
        var timestamp = record.Value is InformationRecord information ? JsonLine.ToUtc(information.TimeGenerated) : seen;
        var message = JsonLine.Build(writer =>
        {
            writer.WriteStartObject();
            Head(writer, record.Stream, timestamp);
            switch (record.Value)
            {
                // A record output on purpose (catch { $_ }) is written as its stream's record would be, under Output.
                case ErrorRecord error:
                    WriteError(writer, error);
                    break;
                case InformationRecord info:
                    WriteInformation(writer, info);
                    break;
                case InformationalRecord informational:
                    writer.WriteString("message", informational.Message);
                    break;
                default:
                    WriteOutput(writer, record.Item);
                    break;
            }
            writer.WriteEndObject();
        });
        return (timestamp, message);
    }

    /// <summary>The event for the terminating error that ended the block ("terminating": true).</summary>
    public static (DateTime Timestamp, string Message) ConvertTerminating(ErrorRecord error, DateTime seen)
    {
        var message = JsonLine.Build(writer =>
        {
            writer.WriteStartObject();
            Head(writer, StreamKind.Error, seen);
            WriteError(writer, error);
            writer.WriteBoolean("terminating", true);
            writer.WriteEndObject();
        });
        return (seen, message);
    }

    /// <summary>The record for an exception that ended a block: its own when it carries one.</summary>
    public static ErrorRecord RecordOf(Exception exception) =>
        (exception as IContainsErrorRecord)?.ErrorRecord ?? new ErrorRecord(exception, exception.GetType().Name, ErrorCategory.NotSpecified, null);

    /// <summary>
    /// Where an error happened: "path:line:column". The first frame of the script stack trace in a file is where it was written
    /// (an ErrorRecord's InvocationInfo is the command that wrote it, which for Write-Error is the script or function
    /// around it); the column comes from the InvocationInfo when it is on that line. Null when no script file is known.
    /// </summary>
    public static string? Position(ErrorRecord error)
    {
        var invocation = error.InvocationInfo;
        var frame = (error.ScriptStackTrace ?? "").Split('\n').Select(f => FramePattern().Match(f.Trim())).FirstOrDefault(m => m.Success);
        if (frame is not null)
        {
            var file = frame.Groups["file"].Value;
            var line = int.Parse(frame.Groups["line"].Value, CultureInfo.InvariantCulture);
            return invocation is not null && invocation.ScriptLineNumber == line && string.Equals(invocation.ScriptName, file, StringComparison.Ordinal) && invocation.OffsetInLine > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{invocation.OffsetInLine}")
                : string.Create(CultureInfo.InvariantCulture, $"{file}:{line}");
        }
        return string.IsNullOrEmpty(invocation?.ScriptName)
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{invocation.ScriptName}:{invocation.ScriptLineNumber}:{invocation.OffsetInLine}");
    }

    private static void Head(Utf8JsonWriter writer, StreamKind stream, DateTime timestamp)
    {
        writer.WriteString("level", Level(stream));
        writer.WriteString("stream", stream.ToString());
        writer.WriteString("timestamp", timestamp.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
    }

    private static void WriteError(Utf8JsonWriter writer, ErrorRecord error)
    {
        writer.WriteString("message", error.ToString());
        writer.WriteString("errorId", error.FullyQualifiedErrorId);
        writer.WriteString("category", error.CategoryInfo.Category.ToString());
        var target = error.TargetObject is PSObject pso ? pso.BaseObject : error.TargetObject;
        if (target is not null && JsonLine.IsScalar(target))
        {
            writer.WriteString("target", LogInputConverter.Text(target));
        }
        if (Position(error) is { } position)
        {
            writer.WriteString("position", position);
        }
        if (!string.IsNullOrEmpty(error.ScriptStackTrace))
        {
            writer.WriteString("scriptStackTrace", error.ScriptStackTrace);
        }
        if (error.Exception is not null)
        {
            writer.WriteString("exception", error.Exception.GetType().FullName);
        }
    }

    private void WriteInformation(Utf8JsonWriter writer, InformationRecord information)
    {
        writer.WritePropertyName("message");
        WriteMessage(writer, information.MessageData is HostInformationMessage host ? host.Message : information.MessageData);
        if (information.Tags.Count > 0)
        {
            writer.WriteStartArray("tags");
            foreach (var tag in information.Tags)
            {
                writer.WriteStringValue(tag);
            }
            writer.WriteEndArray();
        }
        if (!string.IsNullOrEmpty(information.Source))
        {
            writer.WriteString("source", information.Source);
        }
    }

    private void WriteOutput(Utf8JsonWriter writer, PSObject? item)
    {
        writer.WritePropertyName("message");
        WriteMessage(writer, item);
        var value = item?.BaseObject;
        if (value is not null && !IsText(value) && item!.TypeNames.Count > 0)
        {
            writer.WriteString("type", item.TypeNames[0]);
        }
    }

    /// <summary>Text and simple values as text; other objects as JSON.</summary>
    private void WriteMessage(Utf8JsonWriter writer, object? value)
    {
        var inner = value is PSObject pso ? pso.BaseObject : value;
        if (inner is null)
        {
            writer.WriteNullValue();
        }
        else if (IsText(inner))
        {
            writer.WriteStringValue(LogInputConverter.Text(inner));
        }
        else
        {
            _json.WriteValue(writer, value);
        }
    }

    private static bool IsText(object value) => JsonLine.IsScalar(value) && value is not PSCustomObject;

    /// <summary>A script stack trace frame: "at Name, /path/file.ps1: line 12" ("&lt;No file&gt;" when there is none).</summary>
    [GeneratedRegex(@"^at .*?, (?<file>(?!<No file>).+): line (?<line>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex FramePattern();
}
