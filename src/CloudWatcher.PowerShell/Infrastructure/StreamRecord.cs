using System.Management.Automation;
using System.Reflection;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// One record a script block wrote with all its streams merged into output (<c>*&gt;&amp;1</c>), and the stream it was
/// written to. PowerShell marks a record it merges with the stream it came from (the mark Out-Default renders by), so
/// an ErrorRecord the block wrote to the error stream is told from one it wrote as output (<c>catch { $_ }</c>),
/// which stays output.
/// </summary>
/// <remarks>
/// PowerShell 7 keeps the mark in the internal PSObject.WriteStream property (its WriteStreamType numbers the streams
/// as <see cref="StreamKind"/> does); Windows PowerShell kept it in note properties (writeErrorStream…). Neither is
/// public. Should a PowerShell version have neither (<see cref="CanReadMarks"/> false; a hosted-engine test fails
/// first), a record is taken to come from the stream of its type: an ErrorRecord written as output then counts as an
/// error.
/// </remarks>
internal readonly record struct StreamRecord(StreamKind Stream, PSObject? Item)
{
    private static readonly PropertyInfo? WriteStream =
        typeof(PSObject).GetProperty("WriteStream", BindingFlags.Instance | BindingFlags.NonPublic) is { CanRead: true } p && p.PropertyType.IsEnum
            ? p
            : null;

    /// <summary>True when the stream a merged record came from can be read (not only guessed from its type).</summary>
    public static bool CanReadMarks => WriteStream is not null;

    public static StreamRecord From(PSObject? item)
    {
        if (item is null)
        {
            return new(StreamKind.Output, null);
        }
        var marked = Mark(item);
        return item.BaseObject switch
        {
            ErrorRecord when marked is null or StreamKind.Error => new(StreamKind.Error, item),
            WarningRecord when marked is null or StreamKind.Warning => new(StreamKind.Warning, item),
            VerboseRecord when marked is null or StreamKind.Verbose => new(StreamKind.Verbose, item),
            DebugRecord when marked is null or StreamKind.Debug => new(StreamKind.Debug, item),
            InformationRecord when marked is null or StreamKind.Information => new(StreamKind.Information, item),
            _ => new(StreamKind.Output, item),
        };
    }

    /// <summary>The record itself (the object for output).</summary>
    public object? Value => Item?.BaseObject;

    /// <summary>The stream the record is marked with (Output when unmarked), or null when marks cannot be read.</summary>
    private static StreamKind? Mark(PSObject item)
    {
        if (WriteStream is not null)
        {
            var value = Convert.ToInt32(WriteStream.GetValue(item), System.Globalization.CultureInfo.InvariantCulture);
            return value is >= 2 and <= 6 ? (StreamKind)value : StreamKind.Output;
        }
        foreach (var (note, stream) in Notes)
        {
            if (item.Properties[note]?.Value is true)
            {
                return stream;
            }
        }
        return null;
    }

    private static readonly (string Note, StreamKind Stream)[] Notes =
    {
        ("writeErrorStream", StreamKind.Error), ("writeWarningStream", StreamKind.Warning), ("writeVerboseStream", StreamKind.Verbose),
        ("writeDebugStream", StreamKind.Debug), ("writeInformationStream", StreamKind.Information),
    };
}
