using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using CloudWatcher.Presets;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Completes preset names from the built-in folder, CLOUDWATCHER_PRESET_PATH and any -Path/-PresetPath already
/// typed on the command line. Reads small local files only; never the network.
/// </summary>
public sealed class PresetNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var extra = new List<string>();
        foreach (var key in new[] { "Path", "PresetPath" })
        {
            if (fakeBoundParameters.Contains(key) && fakeBoundParameters[key] is { } value)
            {
                extra.AddRange(LanguagePrimitives.ConvertTo<string[]>(value));
            }
        }
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = new WildcardPattern(word + "*", WildcardOptions.IgnoreCase);
        var presets = new PresetCatalog(ModulePaths.BuiltInPresets).Load(extra.Where(p => Directory.Exists(p) || File.Exists(p))).Presets;
        foreach (var preset in presets.Where(p => pattern.IsMatch(p.Name)).OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
        {
            var tooltip = $"{preset.Namespace}/{preset.MetricName}" + (preset.Description is null ? "" : $": {preset.Description}");
            yield return new CompletionResult(preset.Name, preset.Name, CompletionResultType.ParameterValue, tooltip);
        }
    }
}
