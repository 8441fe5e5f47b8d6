using System.Management.Automation;
using System.Text;
using System.Xml;

namespace CloudWatcher.HelpGen;

/// <summary>
/// Writes MAML (the `helpItems schema="maml"` format Get-Help reads for binary modules): descriptions from the
/// markdown pages, syntax and parameter attributes from the cmdlets' metadata.
/// </summary>
internal static class MamlWriter
{
    private const string Maml = "http://schemas.microsoft.com/maml/2004/10";
    private const string Command = "http://schemas.microsoft.com/maml/dev/command/2004/10";
    private const string Dev = "http://schemas.microsoft.com/maml/dev/2004/10";

    private const string ConfirmText = "Prompts you for confirmation before running the cmdlet.";
    private const string WhatIfText = "Shows what would happen if the cmdlet runs. The cmdlet is not run.";

    /// <summary>Writes the whole file to a temporary sibling first, then renames it over the target.</summary>
    public static void WriteAtomically(string outPath, IEnumerable<(CmdletInfo Cmdlet, CommandHelp Help)> commands)
    {
        string fullPath = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temp = $"{fullPath}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            using (XmlWriter xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false) }))
            {
                Write(xml, commands);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static void Write(XmlWriter xml, IEnumerable<(CmdletInfo Cmdlet, CommandHelp Help)> commands)
    {
        xml.WriteStartDocument();
        xml.WriteStartElement("helpItems", "http://msh");
        xml.WriteAttributeString("schema", "maml");
        xml.WriteAttributeString("xmlns", "maml", null, Maml);
        xml.WriteAttributeString("xmlns", "command", null, Command);
        xml.WriteAttributeString("xmlns", "dev", null, Dev);

        foreach ((CmdletInfo cmdlet, CommandHelp help) in commands)
        {
            WriteCommand(xml, cmdlet, help);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteCommand(XmlWriter xml, CmdletInfo cmdlet, CommandHelp help)
    {
        // Parameters in the page's order (the author's choice), anything undocumented (-WhatIf, -Confirm) after.
        List<ParameterHelpInfo> parameters = ModuleCommands.Parameters(cmdlet)
            .OrderBy(p => help.Parameters.FindIndex(d => string.Equals(d.Name, p.Name, StringComparison.OrdinalIgnoreCase)) is var i and >= 0 ? i : int.MaxValue)
            .ToList();

        xml.WriteStartElement("command", "command", Command);

        xml.WriteStartElement("command", "details", Command);
        xml.WriteElementString("maml", "name", Maml, cmdlet.Name);
        WriteParagraphs(xml, "maml", "description", Maml, help.Synopsis);
        xml.WriteElementString("command", "verb", Command, cmdlet.Verb);
        xml.WriteElementString("command", "noun", Command, cmdlet.Noun);
        xml.WriteEndElement();

        WriteParagraphs(xml, "maml", "description", Maml, help.Description);

        xml.WriteStartElement("command", "syntax", Command);
        foreach (CommandParameterSetInfo set in ModuleCommands.ParameterSets(cmdlet))
        {
            xml.WriteStartElement("command", "syntaxItem", Command);
            xml.WriteElementString("maml", "name", Maml, cmdlet.Name);
            foreach (CommandParameterInfo p in ModuleCommands.SyntaxParameters(set))
            {
                var info = ParameterHelpInfo.From(p, set.Name);
                WriteParameterStart(xml, info);
                if (info.ValidValues.Count > 0)
                {
                    WriteValueGroup(xml, info.ValidValues);
                }
                else if (!info.IsSwitch)
                {
                    WriteParameterValue(xml, info);
                }

                xml.WriteEndElement();
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("command", "parameters", Command);
        foreach (ParameterHelpInfo info in parameters)
        {
            WriteParameterStart(xml, info);
            WriteParagraphs(xml, "maml", "description", Maml, ParameterText(help, info.Name));
            if (info.ValidValues.Count > 0)
            {
                WriteValueGroup(xml, info.ValidValues);
            }

            WriteParameterValue(xml, info);
            WriteType(xml, info.Type);
            xml.WriteElementString("dev", "defaultValue", Dev, DefaultValue(help, info));
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        WriteTypeEntries(xml, "inputTypes", "inputType", help.Inputs);
        WriteTypeEntries(xml, "returnValues", "returnValue", help.Outputs);

        if (help.Notes.Count > 0)
        {
            xml.WriteStartElement("maml", "alertSet", Maml);
            xml.WriteStartElement("maml", "alert", Maml);
            foreach (string para in help.Notes)
            {
                xml.WriteElementString("maml", "para", Maml, para);
            }

            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        xml.WriteStartElement("command", "examples", Command);
        for (int i = 0; i < help.Examples.Count; i++)
        {
            HelpExample example = help.Examples[i];
            xml.WriteStartElement("command", "example", Command);
            xml.WriteElementString("maml", "title", Maml, ExampleTitle(example.Title, i + 1));
            xml.WriteElementString("dev", "code", Dev, string.Join("\n\n", example.Code));
            // The empty last paragraph leaves a blank line before the next example's title.
            WriteParagraphs(xml, "dev", "remarks", Dev, [.. example.Remarks, string.Empty]);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteStartElement("maml", "relatedLinks", Maml);
        foreach (HelpLink link in help.Links)
        {
            (string text, string uri) = NavigationLink(link);
            xml.WriteStartElement("maml", "navigationLink", Maml);
            xml.WriteElementString("maml", "linkText", Maml, text);
            xml.WriteElementString("maml", "uri", Maml, uri);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();

        xml.WriteEndElement();
    }

    /// <summary>
    /// What Get-Help shows as "Default value": the page's `Default value:` line, else a [PSDefaultValue] attribute,
    /// else the parameter property's initial value (Width = 1200), else False for a switch and None.
    /// </summary>
    internal static string DefaultValue(CommandHelp help, ParameterHelpInfo info) =>
        help.FindParameter(info.Name)?.DefaultValue
        ?? info.DefaultValue
        ?? info.InitialValue
        ?? (info.IsSwitch ? "False" : "None");

    /// <summary>
    /// A related link as MAML: only the "Online version" link carries its address in maml:uri, because Get-Help -Online
    /// opens the first maml:uri it finds. Any other web link shows its address in the text ("GetLogEvents API reference:
    /// https://…") with an empty uri, so -Online never opens a page that is not this command's help.
    /// </summary>
    internal static (string Text, string Uri) NavigationLink(HelpLink link) =>
        link.Uri is null ? (link.Text, string.Empty)
        : link.IsOnlineVersion ? ("Online Version:", link.Uri)
        : ($"{link.Text}: {link.Uri}", string.Empty);

    /// <summary>"-------------------------- Example 1: Title --------------------------", numbered if the heading is not.</summary>
    internal static string ExampleTitle(string heading, int number)
    {
        string title = heading.StartsWith("Example", StringComparison.OrdinalIgnoreCase) ? heading : $"Example {number}: {heading}";
        return $"-------------------------- {title} --------------------------";
    }

    private static List<string> ParameterText(CommandHelp help, string name)
    {
        HelpParameter? documented = help.FindParameter(name);
        if (documented is not null)
        {
            return documented.Text;
        }

        return name.Equals("WhatIf", StringComparison.OrdinalIgnoreCase) ? [WhatIfText]
            : name.Equals("Confirm", StringComparison.OrdinalIgnoreCase) ? [ConfirmText]
            : [];
    }

    private static void WriteParameterStart(XmlWriter xml, ParameterHelpInfo info)
    {
        xml.WriteStartElement("command", "parameter", Command);
        xml.WriteAttributeString("required", info.Required ? "true" : "false");
        xml.WriteAttributeString("variableLength", info.Type.IsArray ? "true" : "false");
        xml.WriteAttributeString("globbing", info.Globbing ? "true" : "false");
        xml.WriteAttributeString("pipelineInput", info.PipelineInput);
        xml.WriteAttributeString("position", info.Position);
        xml.WriteAttributeString("aliases", info.Aliases.Count > 0 ? string.Join(", ", info.Aliases) : "none");
        xml.WriteElementString("maml", "name", Maml, info.Name);
    }

    private static void WriteParameterValue(XmlWriter xml, ParameterHelpInfo info)
    {
        xml.WriteStartElement("command", "parameterValue", Command);
        xml.WriteAttributeString("required", info.IsSwitch ? "false" : "true");
        xml.WriteAttributeString("variableLength", info.Type.IsArray ? "true" : "false");
        xml.WriteString(TypeNames.Friendly(info.Type));
        xml.WriteEndElement();
    }

    private static void WriteValueGroup(XmlWriter xml, IReadOnlyList<string> values)
    {
        xml.WriteStartElement("command", "parameterValueGroup", Command);
        foreach (string value in values)
        {
            xml.WriteStartElement("command", "parameterValue", Command);
            xml.WriteAttributeString("required", "false");
            xml.WriteAttributeString("variableLength", "false");
            xml.WriteString(value);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteType(XmlWriter xml, Type type)
    {
        xml.WriteStartElement("dev", "type", Dev);
        xml.WriteElementString("maml", "name", Maml, TypeNames.Full(type));
        xml.WriteElementString("maml", "uri", Maml, string.Empty);
        xml.WriteEndElement();
    }

    private static void WriteTypeEntries(XmlWriter xml, string listName, string itemName, List<HelpTypeEntry> entries)
    {
        xml.WriteStartElement("command", listName, Command);
        foreach (HelpTypeEntry entry in entries)
        {
            xml.WriteStartElement("command", itemName, Command);
            xml.WriteStartElement("dev", "type", Dev);
            xml.WriteElementString("maml", "name", Maml, entry.TypeName);
            xml.WriteEndElement();
            WriteParagraphs(xml, "maml", "description", Maml, entry.Text);
            xml.WriteEndElement();
        }

        xml.WriteEndElement();
    }

    private static void WriteParagraphs(XmlWriter xml, string prefix, string name, string ns, IReadOnlyList<string> paragraphs)
    {
        xml.WriteStartElement(prefix, name, ns);
        foreach (string para in paragraphs)
        {
            xml.WriteElementString("maml", "para", Maml, para);
        }

        xml.WriteEndElement();
    }
}

/// <summary>Type names as help shows them: `String[]`, `Nullable` unwrapped, generics without arity.</summary>
internal static class TypeNames
{
    public static string Friendly(Type type) => Name(type, fullNames: false);

    public static string Full(Type type) => Name(type, fullNames: true);

    private static string Name(Type type, bool fullNames)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Name(underlying, fullNames);
        }

        if (type.IsArray)
        {
            return Name(type.GetElementType()!, fullNames) + "[]";
        }

        string name = fullNames && type.Namespace is { Length: > 0 } ns ? $"{ns}.{type.Name}" : type.Name;
        if (!type.IsGenericType)
        {
            return name;
        }

        int tick = name.IndexOf('`');
        string arguments = string.Join(", ", type.GetGenericArguments().Select(a => Name(a, fullNames)));
        return $"{(tick >= 0 ? name[..tick] : name)}[{arguments}]";
    }
}
