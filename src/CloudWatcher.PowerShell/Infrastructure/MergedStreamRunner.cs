using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Runs a script block as if it were written in place (dot-sourced in the caller's scope) with all six of its
/// streams merged into one, and hands each record to a callback on the pipeline thread as the block writes it; the
/// callback passes the record on (<see cref="StreamPassThrough"/>). The block runs as a steppable pipeline of the
/// calling cmdlet, so Ctrl+C stops it, and what ends it comes out unchanged: a terminating error as thrown, exit as
/// an ExitException, break and continue as flow control, a downstream Select-Object -First as a stop.
/// </summary>
/// <remarks>
/// Why this shape, each part found by trying the others:
/// - The redirection sits on an inner dot-sourced block (<c>. { . $args[0] *&gt;&amp;1 } $Block</c>): on the first
///   command of a steppable pipeline PowerShell links the error stream to the cmdlet's own, which undoes a merge of
///   errors there (warnings and the rest would still merge). Dot-sourcing twice keeps the caller's scope, and
///   passing the block as an argument leaves the caller's $args alone.
/// - The pass-on stage is a script whose scope sets the four preferences to Continue before calling back: a record
///   reaches it only when the block's own preference let it be written, so writing it again must not be filtered
///   (or asked about) a second time by the preferences of the caller (a Write-Verbose -Verbose in the block is shown
///   although the caller's $VerbosePreference is SilentlyContinue). A cmdlet reads those preferences from the
///   current scope each time it writes; common parameters given to the cmdlet itself still win.
/// - The arguments of the stages are given when the pipeline is made: the stages run in the caller's scope, where
///   the wrapper's parameters are not variables.
/// - A .NET method called from script wraps what it throws in a MethodInvocationException (all but stops and flow
///   control): what the callback threw is thrown on unwrapped.
/// </remarks>
internal sealed class MergedStreamRunner
{
    private const string Wrapper = "param($Block, $Relay, $PassOn) . { . $args[0] *>&1 } $Block | & $PassOn -Relay $Relay";

    private const string PassOn = """
        param([Parameter(ValueFromPipeline)] [psobject] $Record, [System.Action[psobject]] $Relay)
        begin { $ErrorActionPreference = $WarningPreference = $VerbosePreference = $DebugPreference = 'Continue' }
        process { $Relay.Invoke($Record) }
        """;

    private readonly Action<PSObject?> _callback;
    private Exception? _callbackFailure;

    public MergedStreamRunner(Action<PSObject?> callback) => _callback = callback;

    /// <summary>Runs the block to its end; returns what ended it early (null when it ran to its end).</summary>
    public Exception? Run(Cmdlet cmdlet, ScriptBlock block)
    {
        _callbackFailure = null;
        // Made per run: a script block is bound to the runspace it first runs in.
        var pipeline = ScriptBlock.Create(Wrapper).GetSteppablePipeline(CommandOrigin.Internal,
            new object[] { block, new Action<PSObject?>(Relay), ScriptBlock.Create(PassOn) });
        try
        {
            pipeline.Begin(cmdlet);
            pipeline.End();
            return null;
        }
        catch (Exception ex)
        {
            return Unwrap(ex);
        }
        finally
        {
            pipeline.Dispose();
        }
    }

    private void Relay(PSObject? record)
    {
        try
        {
            _callback(record);
        }
        catch (Exception ex) when (ex is not PipelineStoppedException and not FlowControlException)
        {
            _callbackFailure = ex;
            throw;
        }
    }

    private Exception Unwrap(Exception thrown)
    {
        if (_callbackFailure is null)
        {
            return thrown;
        }
        for (var e = thrown; e is not null; e = e.InnerException)
        {
            if (ReferenceEquals(e, _callbackFailure))
            {
                return _callbackFailure;
            }
        }
        return thrown;
    }
}
