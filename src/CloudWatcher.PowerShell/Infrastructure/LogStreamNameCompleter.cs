using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Completion;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes the stream names of the log group already given on the command line (-LogGroupName).</summary>
public sealed class LogStreamNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var group = CompletionContext.Text(commandName, fakeBoundParameters, "LogGroupName");
            if (group is null || Text.Wildcard.ContainsWildcards(group))
            {
                return Array.Empty<CompletionResult>();
            }
            var (word, quote) = CompletionContext.Unquote(wordToComplete);
            var pattern = new Text.Wildcard(word + "*", ignoreCase: false);
            return CompletionCache.Shared.LogStreams(CompletionContext.Settings(commandName, fakeBoundParameters), group, pattern.LiteralPrefix)
                .Where(s => pattern.IsMatch(s.Name))
                .Select(s => new CompletionResult(CompletionContext.Quote(s.Name, quote), s.Name, CompletionResultType.ParameterValue, s.ToolTip))
                .ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
