using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Logs;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes -RetentionInDays with the day counts CloudWatch Logs accepts, each with what it amounts to ("3 months").</summary>
public sealed class RetentionDaysCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var typed = (wordToComplete ?? "").Trim('\'', '"');
        return LogRetention.AllowedDays
            .Select(d => d.ToString(CultureInfo.InvariantCulture))
            .Where(d => d.StartsWith(typed, StringComparison.Ordinal))
            .Select(d => new CompletionResult(d, d, CompletionResultType.ParameterValue, LogRetention.Describe(int.Parse(d, CultureInfo.InvariantCulture))));
    }
}
