using System.Management.Automation;
using CloudWatcher.Presets;
using CloudWatcher.PowerShell.Infrastructure;

namespace CloudWatcher.PowerShell.Commands;

/// <summary>Lists metric presets: built-in, then CLOUDWATCHER_PRESET_PATH folders, then -Path.</summary>
[Cmdlet(VerbsCommon.Get, "CwPreset")]
[OutputType(typeof(Preset))]
public sealed class GetCwPresetCommand : CmdletBase
{
    private PresetLoadResult? _catalog;

    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(PresetNameCompleter))]
    public string[]? Name { get; set; }

    /// <summary>More folders (or single .json files) to read presets from; they win over built-in ones of the same name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Path { get; set; }

    protected override void BeginProcessing()
    {
        var extra = (Path ?? Array.Empty<string>()).Select(p => ResolveFileSystemPath(p, "Path")).ToList();
        _catalog = new PresetCatalog(ModulePaths.BuiltInPresets).Load(extra);
        foreach (var error in _catalog.Errors)
        {
            WriteFailure(error.Exception, error.Path);
        }
        foreach (var replaced in _catalog.Overrides)
        {
            WriteWarning(replaced.Message);
        }
    }

    protected override void ProcessRecord()
    {
        var presets = _catalog!.Presets;
        if (Name is null || Name.Length == 0)
        {
            WriteObject(presets, enumerateCollection: true);
            return;
        }
        foreach (var name in Name)
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = presets.Where(p => pattern.IsMatch(p.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                WriteError(ErrorRecords.Create("PresetNotFound", ErrorKind.NotFound,
                    $"There is no preset named '{name}'. Run Get-CwPreset to list them, or add a folder with -Path or CLOUDWATCHER_PRESET_PATH.", name));
            }
            WriteObject(matches, enumerateCollection: true);
        }
    }
}
