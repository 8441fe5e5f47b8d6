using System.Management.Automation;

namespace CloudWatcher.HelpGen;

/// <summary>Checks a page against the cmdlet it documents. Each problem is one line for the build log.</summary>
internal static class HelpValidator
{
    public const int MinimumExamples = 2;

    public static IEnumerable<string> Check(CmdletInfo cmdlet, CommandHelp help)
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
    }
}
