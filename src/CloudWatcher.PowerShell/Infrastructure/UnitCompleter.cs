using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Metrics.Publishing;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes CloudWatch unit names (Milliseconds, Bytes/Second, …), quoted where they need it.</summary>
public sealed class UnitCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var (word, quote) = CompletionContext.Unquote(wordToComplete);
        var pattern = new WildcardPattern(WildcardPattern.Escape(word) + "*", WildcardOptions.IgnoreCase);
        return MetricUnits.All.Where(pattern.IsMatch)
            .Select(u => new CompletionResult(CompletionContext.Quote(u, quote), u, CompletionResultType.ParameterValue, u))
            .ToList();
    }
}
