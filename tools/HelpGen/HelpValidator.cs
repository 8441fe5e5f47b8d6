using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;

namespace CloudWatcher.HelpGen;

/// <summary>Checks a page against the cmdlet it documents. Each problem is one line for the build log.</summary>
internal static partial class HelpValidator
{
    public const int MinimumExamples = 2;

    public static IEnumerable<string> Check(CmdletInfo cmdlet, CommandHelp help, HelpContext context)
    {
        foreach (string problem in help.Problems)
        {
            yield return problem;
        }

        if (!string.Equals(help.Title, cmdlet.Name, StringComparison.Ordinal))
        {
            yield return help.Title is null
                ? $"the page has no '# {cmdlet.Name}' heading"
                : $"the '# {help.Title}' heading does not match the cmdlet name {cmdlet.Name}";
        }

        if (help.Synopsis.Count == 0)
        {
            yield return "SYNOPSIS is missing or empty";
        }

        if (help.Description.Count == 0)
        {
            yield return "DESCRIPTION is missing or empty";
        }

        if (help.Examples.Count < MinimumExamples)
        {
            yield return $"has {help.Examples.Count} example(s); at least {MinimumExamples} are required";
        }

        foreach (HelpExample example in help.Examples.Where(e => e.Code.Count == 0))
        {
            yield return $"example '{example.Title}' (line {example.Line}) has no code block";
        }

        foreach (HelpExample example in help.Examples.Where(e => e.Code.Count > 0 && e.Remarks.Count == 0))
        {
            yield return $"example '{example.Title}' (line {example.Line}) does not say what it shows: write a line after its code";
        }

        IReadOnlyList<ParameterHelpInfo> parameters = ModuleCommands.Parameters(cmdlet);
        foreach (ParameterHelpInfo parameter in parameters)
        {
            if (help.FindParameter(parameter.Name) is null && !ModuleCommands.IsRiskParameter(parameter.Name))
            {
                yield return $"parameter -{parameter.Name} is not documented";
            }
        }

        foreach (HelpParameter documented in help.Parameters)
        {
            if (!parameters.Any(p => string.Equals(p.Name, documented.Name, StringComparison.OrdinalIgnoreCase)))
            {
                yield return ModuleCommands.IsCommonParameter(documented.Name)
                    ? $"parameter -{documented.Name} is a common parameter and must not be documented (line {documented.Line})"
                    : $"documented parameter -{documented.Name} does not exist on {cmdlet.Name} (line {documented.Line})";
            }
            else if (documented.Text.Count == 0)
            {
                yield return $"parameter -{documented.Name} has no description (line {documented.Line})";
            }
        }

        foreach (var duplicate in help.Parameters.GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            yield return $"parameter -{duplicate.Key} is documented {duplicate.Count()} times";
        }

        foreach (string problem in CheckDefaults(parameters, help)
                     .Concat(CheckInputs(parameters, help))
                     .Concat(CheckOutputs(cmdlet, help))
                     .Concat(CheckLinks(help, context)))
        {
            yield return problem;
        }
    }

    /// <summary>
    /// A default is stated once, on the parameter's `Default value:` line, which Get-Help shows as "Default value";
    /// prose that states one would leave Get-Help saying "None". A stated default must agree with the cmdlet's.
    /// </summary>
    private static IEnumerable<string> CheckDefaults(IReadOnlyList<ParameterHelpInfo> parameters, CommandHelp help)
    {
        foreach (HelpParameter documented in help.Parameters)
        {
            if (documented.Text.Any(DefaultInProse().IsMatch))
            {
                yield return $"parameter -{documented.Name} states a default in its text (line {documented.Line}): write it on a line of its own, " +
                             "'Default value: …', which Get-Help shows as the parameter's Default value";
            }

            ParameterHelpInfo? info = parameters.FirstOrDefault(p => string.Equals(p.Name, documented.Name, StringComparison.OrdinalIgnoreCase));
            if (documented.DefaultValue is { } stated && info?.InitialValue is { } actual && !StartsWithValue(stated, actual))
            {
                yield return $"parameter -{documented.Name}: the page says 'Default value: {stated}', but the cmdlet's default is {actual} (line {documented.Line})";
            }
        }
    }

    private static bool StartsWithValue(string stated, string actual) =>
        stated.StartsWith(actual, StringComparison.OrdinalIgnoreCase)
        && (stated.Length == actual.Length || !char.IsLetterOrDigit(stated[actual.Length]));

    /// <summary>
    /// INPUTS lists what really binds from the pipeline: each type must bind to a parameter by value (it is assignable
    /// to the parameter's type) or by property name (it has a property named like the parameter or one of its
    /// aliases); `None` only when no parameter takes pipeline input.
    /// </summary>
    private static IEnumerable<string> CheckInputs(IReadOnlyList<ParameterHelpInfo> parameters, CommandHelp help)
    {
        List<ParameterHelpInfo> fromPipeline = parameters.Where(p => p.ByValue || p.ByPropertyName).ToList();
        if (help.Inputs.Count == 0)
        {
            yield return fromPipeline.Count == 0
                ? "INPUTS is missing or empty: write '### None' (no parameter takes pipeline input)"
                : "INPUTS is missing or empty: list the types that bind from the pipeline";
            yield break;
        }

        foreach (HelpTypeEntry entry in help.Inputs)
        {
            if (IsNone(entry.TypeName))
            {
                if (fromPipeline.Count > 0)
                {
                    yield return $"INPUTS says None, but {string.Join(", ", fromPipeline.Select(p => "-" + p.Name))} take(s) pipeline input";
                }

                continue;
            }

            if (FindType(entry.TypeName) is not { } type)
            {
                yield return $"INPUTS type '{entry.TypeName}' is not a type the module or .NET knows (write the full name, e.g. System.String)";
                continue;
            }

            if (!fromPipeline.Any(p => Binds(type, p)))
            {
                yield return $"INPUTS type {entry.TypeName} does not bind from the pipeline: no parameter takes it by value, " +
                             "and it has no property named like a parameter that binds by property name";
            }
        }
    }

    private static bool Binds(Type input, ParameterHelpInfo parameter)
    {
        if (parameter.ByValue)
        {
            Type target = parameter.Type.IsArray ? parameter.Type.GetElementType()! : parameter.Type;
            target = Nullable.GetUnderlyingType(target) ?? target;
            if (target == typeof(object) || target == typeof(PSObject) || target.IsAssignableFrom(input))
            {
                return true;
            }
        }

        return parameter.ByPropertyName
               && new[] { parameter.Name }.Concat(parameter.Aliases)
                   .Any(name => input.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null);
    }

    /// <summary>OUTPUTS lists the types the cmdlet declares with [OutputType] (or None when it declares none).</summary>
    private static IEnumerable<string> CheckOutputs(CmdletInfo cmdlet, CommandHelp help)
    {
        var declared = cmdlet.OutputType.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (help.Outputs.Count == 0)
        {
            yield return "OUTPUTS is missing or empty";
        }

        foreach (HelpTypeEntry entry in help.Outputs)
        {
            if (IsNone(entry.TypeName) ? declared.Count > 0 : !declared.Contains(entry.TypeName))
            {
                yield return $"OUTPUTS lists {entry.TypeName}, but the cmdlet declares [OutputType] {(declared.Count == 0 ? "none" : string.Join(", ", declared))}";
            }
        }
    }

    /// <summary>
    /// Every link points at what it names: another command of the module at its page (Get-CwLog.md), a PowerShell
    /// cmdlet at its Microsoft Learn page, "&lt;Operation&gt; API reference" at that operation's AWS API reference page.
    /// "Online version" (the page Get-Help -Online opens) must be this command's real, published help page: first in
    /// the list, https, never a placeholder domain such as example.com.
    /// </summary>
    private static IEnumerable<string> CheckLinks(CommandHelp help, HelpContext context)
    {
        for (int i = 0; i < help.Links.Count; i++)
        {
            HelpLink link = help.Links[i];
            string target = link.Target ?? string.Empty;
            if (link.IsOnlineVersion)
            {
                if (link.Uri is null || !Uri.TryCreate(link.Uri, UriKind.Absolute, out Uri? online) || online.Scheme != Uri.UriSchemeHttps)
                {
                    yield return $"RELATED LINKS: 'Online version' must be the https address of this command's published help page, not '{target}'";
                }
                else if (IsPlaceholderHost(online.Host))
                {
                    yield return $"RELATED LINKS: 'Online version' points at a placeholder address ({link.Uri}); leave the link out until the help is published";
                }
                else if (i > 0)
                {
                    yield return "RELATED LINKS: 'Online version' must be the first link";
                }

                continue;
            }

            if (link.Uri is { } web && Uri.TryCreate(web, UriKind.Absolute, out Uri? uri) && IsPlaceholderHost(uri.Host))
            {
                yield return $"RELATED LINKS: '{link.Text}' points at a placeholder address ({web})";
                continue;
            }

            Match command = CommandName().Match(link.Text);
            Match api = ApiReference().Match(link.Text);
            if (command.Success && context.CommandNames.Contains(link.Text))
            {
                if (!string.Equals(target, link.Text + ".md", StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"RELATED LINKS: '{link.Text}' is a command of this module; link it to its page: [{link.Text}]({link.Text}.md)";
                }
            }
            else if (command.Success && link.Uri is not null)
            {
                string expected = "/" + link.Text.ToLowerInvariant();
                if (!link.Uri.StartsWith("https://learn.microsoft.com/", StringComparison.OrdinalIgnoreCase)
                    || !link.Uri.TrimEnd('/').EndsWith(expected, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"RELATED LINKS: '{link.Text}' must point at its Microsoft Learn page (https://learn.microsoft.com/powershell/module/<module>{expected}), not {link.Uri}";
                }
            }
            else if (api.Success && (link.Uri is null
                                     || !link.Uri.StartsWith("https://docs.aws.amazon.com/", StringComparison.OrdinalIgnoreCase)
                                     || !link.Uri.EndsWith($"/APIReference/API_{api.Groups["operation"].Value}.html", StringComparison.Ordinal)))
            {
                yield return $"RELATED LINKS: '{link.Text}' must point at https://docs.aws.amazon.com/<service>/latest/APIReference/API_{api.Groups["operation"].Value}.html, not '{target}'";
            }

            if (link.Uri is null && target.EndsWith(".md", StringComparison.OrdinalIgnoreCase) && !context.PageExists(target))
            {
                yield return $"RELATED LINKS: '{link.Text}' points at {target}, which is not a page in {context.DocsFolder}";
            }
        }
    }

    /// <summary>Reserved names (RFC 2606 / 6761) that are never a real page.</summary>
    private static bool IsPlaceholderHost(string host)
    {
        string h = host.ToLowerInvariant();
        return h is "example.com" or "example.org" or "example.net" or "localhost"
               || h.EndsWith(".example.com", StringComparison.Ordinal) || h.EndsWith(".example.org", StringComparison.Ordinal)
               || h.EndsWith(".example.net", StringComparison.Ordinal) || h.EndsWith(".example", StringComparison.Ordinal)
               || h.EndsWith(".test", StringComparison.Ordinal) || h.EndsWith(".invalid", StringComparison.Ordinal)
               || h.EndsWith(".localhost", StringComparison.Ordinal);
    }

    private static bool IsNone(string typeName) => typeName.Equals("None", StringComparison.OrdinalIgnoreCase);

    /// <summary>A type by its full name, from .NET or any assembly loaded with the module.</summary>
    internal static Type? FindType(string fullName) =>
        Type.GetType(fullName, throwOnError: false)
        ?? AppDomain.CurrentDomain.GetAssemblies()
            .Select(a => a.GetType(fullName, throwOnError: false))
            .FirstOrDefault(t => t is not null);

    [GeneratedRegex(@"\bdefault(s|ed)?\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultInProse();

    [GeneratedRegex(@"^[A-Z][A-Za-z]+-[A-Za-z0-9]+$")]
    private static partial Regex CommandName();

    [GeneratedRegex(@"^(?<operation>[A-Z][A-Za-z0-9]+) API reference$")]
    private static partial Regex ApiReference();
}

/// <summary>What the checks of one page need to know beyond the page and its cmdlet.</summary>
internal sealed record HelpContext(IReadOnlySet<string> CommandNames, string DocsFolder)
{
    /// <summary>A page beside this one: an existing file, or the page of an exported command (a missing one is reported itself).</summary>
    public bool PageExists(string target) =>
        !target.Contains('/') && !target.Contains('\\')
        && (File.Exists(Path.Combine(DocsFolder, target)) || CommandNames.Contains(Path.GetFileNameWithoutExtension(target)));
}
