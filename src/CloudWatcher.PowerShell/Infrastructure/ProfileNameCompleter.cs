using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Completes the profile names of the shared AWS config and credentials files (no network).</summary>
public sealed class ProfileNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var (word, quote) = CompletionContext.Unquote(wordToComplete);
            var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
            return EngineServices.Sessions.ListProfiles()
                .Where(pattern.IsMatch)
                .Select(p => new CompletionResult(CompletionContext.Quote(p, quote), p, CompletionResultType.ParameterValue, $"AWS profile {p}"))
                .ToList();
        }
        catch (Exception)
        {
            return Array.Empty<CompletionResult>();
        }
    }
}
