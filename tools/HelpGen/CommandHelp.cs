namespace CloudWatcher.HelpGen;

/// <summary>One help page as authored in markdown, before it is matched with the cmdlet's metadata.</summary>
internal sealed class CommandHelp
{
    public CommandHelp(string path) => Path = path;

    /// <summary>The page's file path (as shown in messages).</summary>
    public string Path { get; }

    /// <summary>The `# Name` heading.</summary>
    public string? Title { get; set; }

    public List<string> Synopsis { get; } = [];

    public List<string> Description { get; } = [];

    public List<HelpExample> Examples { get; } = [];

    /// <summary>`### -Name` sections in page order; names without the dash.</summary>
    public List<HelpParameter> Parameters { get; } = [];

    public List<HelpTypeEntry> Inputs { get; } = [];

    public List<HelpTypeEntry> Outputs { get; } = [];

    public List<string> Notes { get; } = [];

    public List<HelpLink> Links { get; } = [];

    /// <summary>Normalised `## SECTION` names that the page has.</summary>
    public HashSet<string> Sections { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Problems found while reading (unknown section, unclosed fence, placeholder text…).</summary>
    public List<string> Problems { get; } = [];

    /// <summary>0-based line where new `### -Param` sections go (end of PARAMETERS); null when there is none.</summary>
    public int? ParametersInsertLine { get; set; }

    /// <summary>0-based line of the first `##` section that comes after PARAMETERS in the standard order.</summary>
    public int? SectionAfterParametersLine { get; set; }

    public HelpParameter? FindParameter(string name) =>
        Parameters.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}

internal sealed record HelpExample(string Title, List<string> Code, List<string> Remarks, int Line);

internal sealed record HelpParameter(string Name, List<string> Text, int Line)
{
    /// <summary>The page's `Default value: …` line (what Get-Help shows as "Default value"); null when there is none.</summary>
    public string? DefaultValue { get; set; }
}

internal sealed record HelpTypeEntry(string TypeName, List<string> Text);

/// <summary>
/// A RELATED LINKS item: its text, the web address it points at (null for plain text and links to other pages), and
/// the raw link target as written (a web address, another page such as Get-CwLog.md, or null for plain text).
/// </summary>
internal sealed record HelpLink(string Text, string? Uri, string? Target = null)
{
    /// <summary>The text that names the command's own online help page ("Online version"), the one link Get-Help -Online opens.</summary>
    public const string OnlineVersionText = "Online version";

    public bool IsOnlineVersion => Text.TrimEnd(':').Trim().Equals(OnlineVersionText, StringComparison.OrdinalIgnoreCase);
}
