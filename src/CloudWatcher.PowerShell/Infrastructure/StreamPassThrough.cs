using System.Management.Automation;
using System.Reflection;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Writes a record taken from a merged stream (<see cref="StreamRecord"/>) again, from a cmdlet, to the stream it was
/// written to: output objects as they are (a collection stays one object), error records unchanged, warning, verbose
/// and debug records by their message, information records as they are (tags, source, time; Write-Host's colours).
/// </summary>
/// <remarks>
/// A cmdlet's WriteError stamps the record with the cmdlet's own invocation, which appends the cmdlet's name to the
/// error id ("PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand" would become
/// "PathNotFound,CloudWatcher.PowerShell.Commands.TraceCwCommandCommand") and moves the position shown to the cmdlet.
/// PowerShell's own relays (Receive-Job, Import-Module, Invoke-Command) set the record's internal
/// PreserveInvocationInfoOnce flag to skip that step once; so does this one. Should a PowerShell version not have it,
/// errors still pass, stamped (<see cref="PreservesErrors"/> is false; a hosted-engine test fails first).
/// </remarks>
internal static class StreamPassThrough
{
    private static readonly PropertyInfo? PreserveInvocationInfoOnce =
        typeof(ErrorRecord).GetProperty("PreserveInvocationInfoOnce", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <summary>True when error records pass unchanged (ids, positions).</summary>
    public static bool PreservesErrors => PreserveInvocationInfoOnce?.CanWrite == true;

    public static void Write(Cmdlet cmdlet, StreamRecord record)
    {
        switch (record.Stream)
        {
            case StreamKind.Error:
                var error = (ErrorRecord)record.Value!;
                if (PreservesErrors)
                {
                    PreserveInvocationInfoOnce!.SetValue(error, true);
                }
                cmdlet.WriteError(error);
                break;
            case StreamKind.Warning:
                cmdlet.WriteWarning(((WarningRecord)record.Value!).Message);
                break;
            case StreamKind.Verbose:
                cmdlet.WriteVerbose(((VerboseRecord)record.Value!).Message);
                break;
            case StreamKind.Debug:
                cmdlet.WriteDebug(((DebugRecord)record.Value!).Message);
                break;
            case StreamKind.Information:
                cmdlet.WriteInformation((InformationRecord)record.Value!);
                break;
            default:
                cmdlet.WriteObject(record.Item);
                break;
        }
    }
}
