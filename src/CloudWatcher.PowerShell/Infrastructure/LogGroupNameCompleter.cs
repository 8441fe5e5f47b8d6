using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Completion;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Completes log group names for any parameter that takes one, from the engine's <see cref="CompletionCache"/>,
/// connecting as the command line would (typed connection parameters, $PSDefaultParameterValues, the environment).
/// It never throws: a completion that fails or takes too long offers nothing.
/// </summary>
public sealed class LogGroupNameCompleter : IArgumentCompleter
{
    /// <summary>Forgets every cached listing (after creating log groups, or in tests).</summary>
    public static void ClearCache() => CompletionCache.Shared.Clear();

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var (word, quote) = CompletionContext.Unquote(wordToComplete);
            var pattern = new Text.Wildcard(word + "*", ignoreCase: false);
            if (!CompletionCache.IsValidGroupNameText(pattern.LiteralPrefix))
            {
                return Array.Empty<CompletionResult>();
            }
            return CompletionCache.Shared.LogGroups(CompletionContext.Settings(commandName, fakeBoundParameters), pattern.LiteralPrefix)
                .Where(g => pattern.IsMatch(g.Name))
                .Select(g => new CompletionResult(CompletionContext.Quote(g.Name, quote), g.Name, CompletionResultType.ParameterValue, g.ToolTip))
                .ToList();
        }
        catch (Exception)
        {
            // A completer must never disturb the prompt.
            return Array.Empty<CompletionResult>();
        }
    }
}
