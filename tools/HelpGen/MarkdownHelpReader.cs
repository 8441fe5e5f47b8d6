using System.Text;
using System.Text.RegularExpressions;

namespace CloudWatcher.HelpGen;

/// <summary>
/// Reads one help page. Deliberately small: ATX headings, fenced code, paragraphs (soft-wrapped lines joined),
/// list items, and `[text](uri)` links; nothing else of markdown is interpreted. The format is in docs/help/README.md.
/// </summary>
internal static partial class MarkdownHelpReader
{
    public const string Synopsis = "SYNOPSIS";
    public const string Syntax = "SYNTAX";
    public const string Description = "DESCRIPTION";
    public const string Examples = "EXAMPLES";
    public const string Parameters = "PARAMETERS";
    public const string Inputs = "INPUTS";
    public const string Outputs = "OUTPUTS";
    public const string Notes = "NOTES";
    public const string RelatedLinks = "RELATED LINKS";

    /// <summary>Known sections in their standard order.</summary>
    public static readonly string[] SectionOrder =
        [Synopsis, Syntax, Description, Examples, Parameters, Inputs, Outputs, Notes, RelatedLinks];

    private enum BlockKind
    {
        Heading,
        Paragraph,
        ListItem,
        Code,
    }

    private sealed record Block(BlockKind Kind, int Level, string Text, string? Language, int Line);

    public static CommandHelp Read(string path, string displayPath)
    {
        string[] lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n');
        var help = new CommandHelp(displayPath);
        List<Block> blocks = Tokenize(lines, help);
        Assign(blocks, help, lines.Length);
        FindPlaceholders(lines, help);
        return help;
    }

    private static List<Block> Tokenize(string[] lines, CommandHelp help)
    {
        var blocks = new List<Block>();
        var paragraph = new StringBuilder();
        BlockKind paragraphKind = BlockKind.Paragraph;
        int paragraphLine = 0;

        void Flush()
        {
            if (paragraph.Length > 0)
            {
                blocks.Add(new Block(paragraphKind, 0, paragraph.ToString(), null, paragraphLine));
                paragraph.Clear();
            }
        }

        int i = SkipFrontMatter(lines);
        for (; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd();
            Match fence = FencePattern().Match(line);
            if (fence.Success)
            {
                Flush();
                int start = i;
                string marker = fence.Groups["fence"].Value;
                int indent = fence.Groups["indent"].Length;
                var code = new List<string>();
                for (i++; i < lines.Length && !IsClosingFence(lines[i], marker); i++)
                {
                    code.Add(Dedent(lines[i].TrimEnd(), indent));
                }

                if (i >= lines.Length)
                {
                    help.Problems.Add($"code fence opened at line {start + 1} is never closed");
                }

                string language = fence.Groups["lang"].Value.Trim();
                blocks.Add(new Block(BlockKind.Code, 0, string.Join('\n', code), language, start + 1));
                continue;
            }

            if (line.Length == 0)
            {
                Flush();
                continue;
            }

            Match heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                Flush();
                blocks.Add(new Block(BlockKind.Heading, heading.Groups["level"].Length, heading.Groups["text"].Value.Trim(), null, i + 1));
                continue;
            }

            Match item = ListItemPattern().Match(line);
            if (item.Success)
            {
                Flush();
                paragraphKind = BlockKind.ListItem;
                paragraphLine = i + 1;
                paragraph.Append(item.Groups["text"].Value.Trim());
                continue;
            }

            if (paragraph.Length == 0)
            {
                paragraphKind = BlockKind.Paragraph;
                paragraphLine = i + 1;
            }
            else
            {
                paragraph.Append(' ');
            }

            paragraph.Append(line.Trim());
        }

        Flush();
        return blocks;
    }

    private static void Assign(List<Block> blocks, CommandHelp help, int lineCount)
    {
        string? section = null;
        HelpExample? example = null;
        HelpParameter? parameter = null;
        HelpTypeEntry? typeEntry = null;
        int? parametersStart = null;

        foreach (Block block in blocks)
        {
            if (block.Kind == BlockKind.Heading && block.Level == 1)
            {
                if (help.Title is not null)
                {
                    help.Problems.Add($"a second '# ' heading at line {block.Line}; a page has one, the cmdlet name");
                }

                help.Title ??= block.Text;
                continue;
            }

            if (block.Kind == BlockKind.Heading && block.Level == 2)
            {
                section = block.Text.ToUpperInvariant();
                example = null;
                parameter = null;
                typeEntry = null;
                if (!SectionOrder.Contains(section))
                {
                    help.Problems.Add($"unknown section '## {block.Text}' at line {block.Line} (known: {string.Join(", ", SectionOrder)})");
                }
                else if (!help.Sections.Add(section))
                {
                    help.Problems.Add($"section '## {section}' appears twice (line {block.Line})");
                }

                if (parametersStart is not null && help.ParametersInsertLine is null)
                {
                    help.ParametersInsertLine = block.Line - 1;
                }

                if (section == Parameters)
                {
                    parametersStart = block.Line;
                }
                else if (help.SectionAfterParametersLine is null
                         && Array.IndexOf(SectionOrder, section) > Array.IndexOf(SectionOrder, Parameters))
                {
                    help.SectionAfterParametersLine = block.Line - 1;
                }

                continue;
            }

            switch (section)
            {
                case null:
                    help.Problems.Add($"text before the first '## ' section at line {block.Line}");
                    break;
                case Synopsis:
                    AddProse(help.Synopsis, block);
                    break;
                case Syntax:
                    // Syntax is generated from the cmdlet's metadata; a platyPS-style block here is ignored.
                    break;
                case Description:
                    AddProse(help.Description, block);
                    break;
                case Notes:
                    AddProse(help.Notes, block);
                    break;
                case Examples:
                    if (block.Kind == BlockKind.Heading)
                    {
                        example = new HelpExample(Inline(block.Text), [], [], block.Line);
                        help.Examples.Add(example);
                    }
                    else if (example is null)
                    {
                        help.Problems.Add($"text in EXAMPLES before the first '### ' example heading (line {block.Line})");
                    }
                    else if (block.Kind == BlockKind.Code)
                    {
                        example.Code.Add(block.Text);
                    }
                    else
                    {
                        AddProse(example.Remarks, block);
                    }

                    break;
                case Parameters:
                    if (block.Kind == BlockKind.Heading)
                    {
                        parameter = new HelpParameter(block.Text.Trim().TrimStart('-'), [], block.Line);
                        help.Parameters.Add(parameter);
                    }
                    else if (parameter is null)
                    {
                        help.Problems.Add($"text in PARAMETERS before the first '### -Name' heading (line {block.Line})");
                    }
                    else if (block.Kind == BlockKind.Paragraph && DefaultValuePattern().Match(block.Text) is { Success: true } stated)
                    {
                        // "Default value: 1200" is what Get-Help shows as the parameter's Default value, not description text.
                        string value = Inline(stated.Groups["value"].Value).Trim();
                        if (value.Length == 0)
                        {
                            help.Problems.Add($"parameter -{parameter.Name}: the 'Default value:' line at line {block.Line} is empty");
                        }
                        else if (parameter.DefaultValue is not null)
                        {
                            help.Problems.Add($"parameter -{parameter.Name} has a second 'Default value:' line (line {block.Line})");
                        }
                        else
                        {
                            parameter.DefaultValue = value;
                        }
                    }
                    else if (!(block.Kind == BlockKind.Code && block.Language == "yaml"))
                    {
                        // platyPS pages carry a ```yaml block of metadata per parameter: the real metadata wins.
                        AddProse(parameter.Text, block);
                    }

                    break;
                case Inputs or Outputs:
                    List<HelpTypeEntry> entries = section == Inputs ? help.Inputs : help.Outputs;
                    if (block.Kind == BlockKind.Heading)
                    {
                        typeEntry = new HelpTypeEntry(Inline(block.Text), []);
                        entries.Add(typeEntry);
                    }
                    else if (typeEntry is null)
                    {
                        help.Problems.Add($"text in {section} outside a '### TypeName' heading (line {block.Line})");
                    }
                    else
                    {
                        AddProse(typeEntry.Text, block);
                    }

                    break;
                case RelatedLinks:
                    if (block.Kind is BlockKind.ListItem or BlockKind.Paragraph)
                    {
                        help.Links.Add(ParseLink(block.Text));
                    }

                    break;
            }
        }

        if (parametersStart is not null && help.ParametersInsertLine is null)
        {
            help.ParametersInsertLine = lineCount;
        }
    }

    private static void AddProse(List<string> target, Block block)
    {
        switch (block.Kind)
        {
            case BlockKind.Code:
                target.Add(block.Text);
                break;
            case BlockKind.ListItem:
                target.Add("- " + Inline(block.Text));
                break;
            case BlockKind.Heading:
                target.Add(Inline(block.Text).ToUpperInvariant());
                break;
            default:
                target.Add(Inline(block.Text));
                break;
        }
    }

    private static HelpLink ParseLink(string text)
    {
        Match link = LinkPattern().Match(text);
        if (link.Success)
        {
            // A relative link (another page's .md) means nothing to Get-Help: keep its text only.
            string uri = link.Groups["uri"].Value.Trim();
            return new HelpLink(link.Groups["text"].Value.Trim(), IsWebAddress(uri) ? uri : null, uri);
        }

        string trimmed = text.Trim();
        return IsWebAddress(trimmed) ? new HelpLink(trimmed, trimmed, trimmed) : new HelpLink(Inline(trimmed), null);
    }

    private static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    /// <summary>Plain text for help output: links as "text (uri)", no emphasis markers or backticks.</summary>
    internal static string Inline(string text)
    {
        string result = LinkPattern().Replace(text, m =>
            m.Groups["text"].Value == m.Groups["uri"].Value ? m.Groups["uri"].Value : $"{m.Groups["text"].Value} ({m.Groups["uri"].Value})");
        result = result.Replace("**", string.Empty).Replace("`", string.Empty);
        return EscapePattern().Replace(result, "$1");
    }

    private static void FindPlaceholders(string[] lines, CommandHelp help)
    {
        List<int> found = Enumerable.Range(0, lines.Length).Where(i => PlaceholderPattern().IsMatch(lines[i])).ToList();
        if (found.Count > 0)
        {
            string at = found.Count == 1 ? "line" : "lines";
            help.Problems.Add($"placeholder text {{{{ … }}}} left at {at} {string.Join(", ", found.Select(i => i + 1))}: write the text");
        }
    }

    private static int SkipFrontMatter(string[] lines)
    {
        if (lines.Length == 0 || lines[0].TrimEnd() != "---")
        {
            return 0;
        }

        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                return i + 1;
            }
        }

        return 0;
    }

    private static bool IsClosingFence(string line, string marker)
    {
        string trimmed = line.Trim();
        return trimmed.Length >= marker.Length && trimmed.All(c => c == marker[0]);
    }

    private static string Dedent(string line, int indent)
    {
        int spaces = 0;
        while (spaces < indent && spaces < line.Length && line[spaces] == ' ')
        {
            spaces++;
        }

        return line[spaces..];
    }

    [GeneratedRegex(@"^(?<indent> {0,3})(?<fence>`{3,}|~{3,})(?<lang>[^`]*)$")]
    private static partial Regex FencePattern();

    [GeneratedRegex(@"^ {0,3}(?<level>#{1,6})\s+(?<text>.*?)(\s+#+)?$")]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^ {0,3}(?:[-*+]|\d{1,3}[.)])\s+(?<text>.*)$")]
    private static partial Regex ListItemPattern();

    [GeneratedRegex(@"\[(?<text>[^\]]*)\]\((?<uri>[^)\s]+)\)")]
    private static partial Regex LinkPattern();

    [GeneratedRegex(@"\\([\\`*_{}\[\]()#+\-.!<>|])")]
    private static partial Regex EscapePattern();

    [GeneratedRegex(@"^Default value:\s*(?<value>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultValuePattern();

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex PlaceholderPattern();
}
