using System.Management.Automation;
using System.Text;

namespace CloudWatcher.HelpGen;

/// <summary>
/// --update: writes what can be written mechanically (a page skeleton, `### -Param` sections) with placeholders
/// that keep the build failing until a person replaces them.
/// </summary>
internal static class PageUpdater
{
    public const string FillIn = "{{ Fill in }}";

    public static void CreateSkeleton(string path, CmdletInfo cmdlet)
    {
        var page = new StringBuilder();
        page.Append("# ").AppendLine(cmdlet.Name).AppendLine();
        page.AppendLine("## SYNOPSIS").AppendLine(FillIn).AppendLine();
        page.AppendLine("## DESCRIPTION").AppendLine(FillIn).AppendLine();
        page.AppendLine("## EXAMPLES").AppendLine();
        for (int i = 1; i <= HelpValidator.MinimumExamples; i++)
        {
            page.Append("### Example ").Append(i).AppendLine(": {{ Fill in the title }}").AppendLine();
            page.AppendLine("```powershell").AppendLine(cmdlet.Name).AppendLine("```").AppendLine();
            page.AppendLine(FillIn).AppendLine();
        }

        page.AppendLine("## PARAMETERS").AppendLine();
        foreach (ParameterHelpInfo parameter in UndocumentedParameters(cmdlet, null))
        {
            AppendParameter(page, parameter.Name);
        }

        page.AppendLine("## INPUTS").AppendLine();
        // INPUTS must list what really binds: by value the parameter's type, by property name a type with that property.
        IReadOnlyList<ParameterHelpInfo> all = ModuleCommands.Parameters(cmdlet);
        List<string> inputs = all.Where(p => p.ByValue).Select(p => TypeNames.Full(p.Type.IsArray ? p.Type.GetElementType()! : p.Type))
            .Concat(all.Where(p => p.ByPropertyName && !p.ByValue).Select(p => $"{{{{ a type with a {p.Name} property }}}}"))
            .Distinct().ToList();
        AppendTypes(page, inputs, "None");

        page.AppendLine("## OUTPUTS").AppendLine();
        AppendTypes(page, cmdlet.OutputType.Select(t => t.Name).Distinct(), "None");

        page.AppendLine("## NOTES").AppendLine();
        page.AppendLine("## RELATED LINKS").AppendLine();
        WriteAtomically(path, page.ToString());
    }

    /// <summary>Appends a section for each undocumented parameter at the end of PARAMETERS; returns how many.</summary>
    public static int AddMissingParameters(string path, CmdletInfo cmdlet, CommandHelp help)
    {
        List<ParameterHelpInfo> missing = UndocumentedParameters(cmdlet, help).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var sections = new StringBuilder();
        if (help.ParametersInsertLine is null)
        {
            sections.AppendLine("## PARAMETERS").AppendLine();
        }

        foreach (ParameterHelpInfo parameter in missing)
        {
            AppendParameter(sections, parameter.Name);
        }

        List<string> lines = File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n').ToList();
        int at = help.ParametersInsertLine ?? help.SectionAfterParametersLine ?? lines.Count;
        at = Math.Min(at, lines.Count);

        // Keep one blank line between the previous text and the new sections.
        while (at > 0 && lines[at - 1].Trim().Length == 0)
        {
            at--;
            lines.RemoveAt(at);
        }

        string[] inserted = ("\n" + sections.ToString().ReplaceLineEndings("\n")).Split('\n');
        lines.InsertRange(at, inserted[..^1]);
        WriteAtomically(path, string.Join('\n', lines).TrimEnd('\n') + "\n");
        return missing.Count;
    }

    private static IEnumerable<ParameterHelpInfo> UndocumentedParameters(CmdletInfo cmdlet, CommandHelp? help) =>
        ModuleCommands.Parameters(cmdlet)
            .Where(p => !ModuleCommands.IsRiskParameter(p.Name) && help?.FindParameter(p.Name) is null);

    private static void AppendParameter(StringBuilder page, string name) =>
        page.Append("### -").AppendLine(name).AppendLine(FillIn).AppendLine();

    private static void AppendTypes(StringBuilder page, IEnumerable<string> typeNames, string none)
    {
        List<string> names = typeNames.ToList();
        foreach (string name in names.Count > 0 ? names : [none])
        {
            page.Append("### ").AppendLine(name).AppendLine(FillIn).AppendLine();
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        string temp = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temp, text, new UTF8Encoding(false));
        File.Move(temp, path, overwrite: true);
    }
}
