using System.Text;
using System.Text.RegularExpressions;

namespace CloudWatcher.Text;

/// <summary>
/// PowerShell's wildcard language (* ? [abc] [a-z], ` escapes) for the engine, which does not reference PowerShell:
/// the literal text before the first wildcard (for service-side prefixes) and a matcher for the whole pattern.
/// </summary>
public sealed class Wildcard
{
    private readonly Regex? _regex;
    private readonly StringComparison _comparison;

    public Wildcard(string pattern, bool ignoreCase)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Pattern = pattern;
        LiteralPrefix = ReadLiteralPrefix(pattern, out var hasWildcards);
        HasWildcards = hasWildcards;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (hasWildcards)
        {
            var options = RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
            _regex = new Regex(ToRegex(pattern), options);
        }
    }

    public string Pattern { get; }

    /// <summary>The text before the first unescaped *, ? or [, with escapes removed; the whole text when there is no wildcard.</summary>
    public string LiteralPrefix { get; }

    public bool HasWildcards { get; }

    public bool IsMatch(string text) => _regex?.IsMatch(text) ?? string.Equals(text, LiteralPrefix, _comparison);

    public static bool ContainsWildcards(string text)
    {
        ReadLiteralPrefix(text, out var has);
        return has;
    }

    private static string ReadLiteralPrefix(string text, out bool hasWildcards)
    {
        var prefix = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '`' && i + 1 < text.Length)
            {
                prefix.Append(text[++i]);
                continue;
            }
            if (c is '*' or '?' or '[')
            {
                hasWildcards = true;
                return prefix.ToString();
            }
            prefix.Append(c);
        }
        hasWildcards = false;
        return prefix.ToString();
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '`' when i + 1 < pattern.Length:
                    regex.Append(Regex.Escape(pattern[++i].ToString()));
                    break;
                case '*':
                    regex.Append(".*");
                    break;
                case '?':
                    regex.Append('.');
                    break;
                case '[':
                    var close = pattern.IndexOf(']', i + 1);
                    if (close < 0)
                    {
                        regex.Append(@"\[");
                        break;
                    }
                    regex.Append('[');
                    for (var j = i + 1; j < close; j++)
                    {
                        var s = pattern[j];
                        regex.Append(s is '\\' or '^' or '[' ? "\\" + s : s.ToString());
                    }
                    regex.Append(']');
                    i = close;
                    break;
                default:
                    regex.Append(Regex.Escape(c.ToString()));
                    break;
            }
        }
        return regex.Append('$').ToString();
    }
}
