using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;
using CloudWatcher.Logs;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Completes log group names for any parameter that takes one (<c>[ArgumentCompleter(typeof(LogGroupNameCompleter))]</c>),
/// from the engine's <see cref="LogGroupNameCache"/>, connecting with the connection parameters already typed on the
/// command line (-Region, -ProfileName, -AccessKey, -SecretKey, -SessionToken, -EndpointUrl), else the environment.
/// It never throws: a completion that fails or takes too long offers nothing.
/// </summary>
public sealed class LogGroupNameCompleter : IArgumentCompleter
{
    /// <summary>Forgets every cached listing (after creating log groups, or in tests).</summary>
    public static void ClearCache() => LogGroupNameCache.Shared.Clear();

    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        try
        {
            var quote = wordToComplete is { Length: > 0 } && wordToComplete[0] is '\'' or '"' ? wordToComplete[0] : (char?)null;
            var word = (wordToComplete ?? "").Trim('\'', '"');
            var pattern = new Text.Wildcard(word + "*", ignoreCase: false);
            var prefix = pattern.LiteralPrefix;
            if (!LogGroupNameCache.IsValidGroupNameText(prefix))
            {
                return Array.Empty<CompletionResult>();
            }
            return LogGroupNameCache.Shared.Lookup(ReadSettings(fakeBoundParameters), prefix)
                .Where(g => pattern.IsMatch(g.LogGroupName))
                .Select(g => new CompletionResult(Quote(g.LogGroupName, quote), g.LogGroupName, CompletionResultType.ParameterValue, ToolTip(g)))
                .ToList();
        }
        catch (Exception)
        {
            // A completer must never disturb the prompt.
            return Array.Empty<CompletionResult>();
        }
    }

    private static ConnectionSettings ReadSettings(IDictionary? bound)
    {
        string? Text(string name)
        {
            if (bound is null || !bound.Contains(name) || bound[name] is not { } value)
            {
                return null;
            }
            var text = LanguagePrimitives.ConvertTo<string>(value is PSObject ps ? ps.BaseObject : value);
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
        var endpoint = Text("EndpointUrl");
        return new ConnectionSettings
        {
            Region = Text("Region"),
            ProfileName = Text("ProfileName"),
            AccessKey = Text("AccessKey"),
            SecretKey = Text("SecretKey"),
            SessionToken = Text("SessionToken"),
            EndpointUrl = endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
        };
    }

    private static string ToolTip(LogGroup group)
    {
        var retention = group.RetentionInDays is int days ? $"{days} days" : "never expire";
        return $"{group.LogGroupName} ({group.FormatStoredBytes()}, retention {retention})";
    }

    /// <summary>Quotes a name when the word was quoted or the name would not parse as one bare argument.</summary>
    internal static string Quote(string name, char? quote)
    {
        if (quote == '"')
        {
            var escaped = new StringBuilder();
            foreach (var c in name)
            {
                if (c is '`' or '$' or '"')
                {
                    escaped.Append('`');
                }
                escaped.Append(c);
            }
            return "\"" + escaped + "\"";
        }
        return quote == '\'' || NeedsQuotes(name) ? "'" + CodeGeneration.EscapeSingleQuotedStringContent(name) + "'" : name;
    }

    private static bool NeedsQuotes(string name) =>
        name.Length == 0 || name[0] is '-' or '#' or '@' or '.' || name.Any(c => char.IsWhiteSpace(c) || "`$'\"{}()[];,|&<>*?".Contains(c));
}
