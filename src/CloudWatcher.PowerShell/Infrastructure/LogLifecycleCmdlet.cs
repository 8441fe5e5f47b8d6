using System.Collections;
using System.Management.Automation;
using CloudWatcher.Completion;
using CloudWatcher.Logs;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that create, change and remove log groups and streams: the engine's
/// <see cref="LogGroupLifecycle"/> on this invocation's session (connected on first use, so -WhatIf connects to
/// nothing), one error per failing name while the others proceed, and the checks of -RetentionInDays and -Tag that
/// end the command before anything is sent.
/// </summary>
public abstract class LogLifecycleCmdlet : AwsCmdlet
{
    private LogGroupLifecycle? _lifecycle;

    protected LogGroupLifecycle Lifecycle
    {
        get
        {
            if (_lifecycle is null)
            {
                var session = GetSession();
                _lifecycle = new LogGroupLifecycle(session.LogWrite, session.LogGroupAdmin, session.LogCatalog, Sink);
            }
            return _lifecycle;
        }
    }

    /// <summary>
    /// Runs the work for one name. A failure that concerns only this name (not found, exists already, refused
    /// input, access denied to it) is written as a non-terminating error naming it, and false returned; any other
    /// (throttled after retries, unreachable, bad credentials) ends the command.
    /// </summary>
    protected bool TryForName(string name, string action, Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        try
        {
            work();
            return true;
        }
        catch (CloudWatcherException ex) when (ex.Kind is ErrorKind.NotFound or ErrorKind.AlreadyExists or ErrorKind.InvalidInput
                                                   or ErrorKind.AccessDenied or ErrorKind.Conflict)
        {
            var record = ErrorRecords.From(ex, name);
            // The service's message ("The specified log group does not exist.") does not say which name failed.
            record.ErrorDetails = new ErrorDetails($"{action} '{name}': {ex.Message}") { RecommendedAction = ex.RecommendedAction };
            WriteError(record);
            return false;
        }
        catch (Exception ex) when (IsEngineFailure(ex))
        {
            ThrowFailure(ex, name);
            return false;
        }
    }

    /// <summary>Ends the command (InvalidRetention, InvalidArgument) when a retention is not one CloudWatch Logs accepts.</summary>
    protected void ValidateRetention(int? days)
    {
        if (days is not int value)
        {
            return;
        }
        try
        {
            LogRetention.Validate(value);
        }
        catch (CloudWatcherException ex)
        {
            ThrowFailure(ex, value);
        }
    }

    /// <summary>
    /// The tags of a -Tag hashtable as text (values as PowerShell turns them into text; $null as empty); a key that is
    /// empty ends the command (InvalidTag). The service checks the rest (characters, lengths, at most 50).
    /// </summary>
    protected IReadOnlyDictionary<string, string>? ConvertTags(Hashtable? tags)
    {
        if (tags is null)
        {
            return null;
        }
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in tags)
        {
            var key = LanguagePrimitives.ConvertTo<string>(entry.Key) ?? "";
            if (key.Trim().Length == 0)
            {
                ThrowTerminatingError(ErrorRecords.Create("InvalidTag", ErrorKind.InvalidInput,
                    "A tag key is empty. Give every tag a key of 1 to 128 characters, e.g. -Tag @{ team = 'payments' }.", tags));
            }
            result[key] = entry.Value is null ? "" : LanguagePrimitives.ConvertTo<string>(entry.Value) ?? "";
        }
        return result;
    }

    /// <summary>Tab completion lists what exists: after a change, forget the cached names.</summary>
    protected static void ForgetCompletions() => CompletionCache.Shared.Clear();
}
