using System.Collections;
using System.Management.Automation;
using System.Text;
using CloudWatcher.Sessions;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// What the completers share: the connection the command line would use (parameters already typed, else the values
/// $PSDefaultParameterValues gives this command, else the environment), other bound parameters, and quoting.
/// </summary>
internal static class CompletionContext
{
    /// <summary>A typed (or defaulted) parameter value as text, or null.</summary>
    public static string? Text(string commandName, IDictionary? bound, string name)
    {
        object? value = null;
        if (bound is not null && bound.Contains(name))
        {
            value = bound[name];
        }
        value ??= Default(commandName, name);
        if (value is PSObject ps)
        {
            value = ps.BaseObject;
        }
        if (value is null or ScriptBlock)
        {
            return null;
        }
        var text = value is IEnumerable e and not string ? e.Cast<object>().FirstOrDefault()?.ToString() : LanguagePrimitives.ConvertTo<string>(value);
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public static ConnectionSettings Settings(string commandName, IDictionary? bound)
    {
        var endpoint = Text(commandName, bound, "EndpointUrl");
        return new ConnectionSettings
        {
            Region = Text(commandName, bound, "Region"),
            ProfileName = Text(commandName, bound, "ProfileName"),
            AccessKey = Text(commandName, bound, "AccessKey"),
            SecretKey = Text(commandName, bound, "SecretKey"),
            SessionToken = Text(commandName, bound, "SessionToken"),
            EndpointUrl = endpoint is not null && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) ? uri : null,
        };
    }

    /// <summary>The value $PSDefaultParameterValues gives this command's parameter ("Get-Cw*:Region" keys), if any.</summary>
    private static object? Default(string commandName, string parameterName)
    {
        // Completers run on the pipeline thread while TabExpansion2 runs: the session state proxy is busy then, but a
        // script block of this runspace can read the variable.
        IDictionary? defaults;
        try
        {
            defaults = ScriptBlock.Create("$PSDefaultParameterValues").Invoke().FirstOrDefault()?.BaseObject as IDictionary;
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or RuntimeException or InvalidOperationException)
        {
            return null;
        }
        if (defaults is null)
        {
            return null;
        }
        foreach (DictionaryEntry entry in defaults)
        {
            if (entry.Key is not string key || key.LastIndexOf(':') is var colon && colon <= 0)
            {
                continue;
            }
            var command = key[..colon].Trim();
            var parameter = key[(colon + 1)..].Trim();
            if (string.Equals(parameter, parameterName, StringComparison.OrdinalIgnoreCase)
                && new WildcardPattern(command, WildcardOptions.IgnoreCase).IsMatch(commandName))
            {
                return entry.Value;
            }
        }
        return null;
    }

    /// <summary>The word without its quote, and the quote it had.</summary>
    public static (string Word, char? Quote) Unquote(string? wordToComplete)
    {
        var word = wordToComplete ?? "";
        var quote = word.Length > 0 && word[0] is '\'' or '"' ? word[0] : (char?)null;
        return (word.Trim('\'', '"'), quote);
    }

    /// <summary>Quotes a name when the word was quoted or the name would not parse as one bare argument.</summary>
    public static string Quote(string name, char? quote)
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
        return quote == '\'' || NeedsQuotes(name) ? "'" + System.Management.Automation.Language.CodeGeneration.EscapeSingleQuotedStringContent(name) + "'" : name;
    }

    private static bool NeedsQuotes(string name) =>
        name.Length == 0 || name[0] is '-' or '#' or '@' or '.' || name.Any(c => char.IsWhiteSpace(c) || "`$'\"{}()[];,|&<>*?".Contains(c));
}
