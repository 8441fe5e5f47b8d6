using System.Text;
using System.Text.RegularExpressions;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// A 200 answer that is not the protocol's (an HTML login page of a proxy, a web server's index, plain text):
/// never read as an empty result. The message says what answered.
/// </summary>
internal sealed partial class ProtocolMismatchException : Exception
{
    public ProtocolMismatchException(string what)
        : base(what)
    {
    }

    /// <summary>Describes a body in a few words: an HTML page with its title, XML with its root, or the start of the text.</summary>
    public static ProtocolMismatchException For(string expected, string? contentType, ReadOnlySpan<byte> start)
    {
        var text = Encoding.UTF8.GetString(start);
        string what;
        var title = Title().Match(text);
        if (title.Success || text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase))
        {
            what = title.Success ? $"an HTML page titled '{Clean(title.Groups[1].Value)}'" : "an HTML page";
        }
        else if (text.TrimStart().StartsWith('<'))
        {
            var root = Root().Match(text);
            what = root.Success ? $"XML with the root element <{root.Groups[1].Value}>" : "XML of another kind";
        }
        else
        {
            var snippet = Clean(text);
            what = snippet.Length == 0 ? "an empty body" : $"'{(snippet.Length > 80 ? snippet[..80] + "…" : snippet)}'";
        }
        var type = string.IsNullOrEmpty(contentType) ? "" : $" ({contentType})";
        return new ProtocolMismatchException($"the endpoint answered with {what}{type}, not {expected}");
    }

    private static string Clean(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"<title[^>]*>([^<]{0,200})</title>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Title();

    [GeneratedRegex(@"<(?![?!])([A-Za-z_][\w:.-]*)", RegexOptions.CultureInvariant)]
    private static partial Regex Root();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
