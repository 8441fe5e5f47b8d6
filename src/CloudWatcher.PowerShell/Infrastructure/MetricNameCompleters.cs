using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Completion;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes CloudWatch namespaces from ListMetrics (cached per connection).</summary>
public sealed class NamespaceCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var (word, quote) = CompletionContext.Unquote(wordToComplete);
            var pattern = new Text.Wildcard(word + "*", ignoreCase: true);
            return CompletionCache.Shared.Namespaces(CompletionContext.Settings(commandName, fakeBoundParameters), pattern.LiteralPrefix)
                .Where(n => pattern.IsMatch(n.Name))
                .Select(n => new CompletionResult(CompletionContext.Quote(n.Name, quote), n.Name, CompletionResultType.ParameterValue, n.ToolTip))
                .ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}

/// <summary>Completes metric names, of the -Namespace already given when there is one.</summary>
public sealed class MetricNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var ns = CompletionContext.Text(commandName, fakeBoundParameters, "Namespace");
            if (ns is not null && Text.Wildcard.ContainsWildcards(ns))
            {
                ns = null;
            }
            var (word, quote) = CompletionContext.Unquote(wordToComplete);
            var pattern = new Text.Wildcard(word + "*", ignoreCase: true);
            return CompletionCache.Shared.MetricNames(CompletionContext.Settings(commandName, fakeBoundParameters), ns, pattern.LiteralPrefix)
                .Where(n => pattern.IsMatch(n.Name))
                .Select(n => new CompletionResult(CompletionContext.Quote(n.Name, quote), n.Name, CompletionResultType.ParameterValue, n.ToolTip))
                .ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
