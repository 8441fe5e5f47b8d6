namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>Where the module's data lives: beside CloudWatcher.PowerShell.dll, one canonical place.</summary>
internal static class ModulePaths
{
    public static string ModuleDirectory { get; } = System.IO.Path.GetDirectoryName(typeof(ModulePaths).Assembly.Location)!;

    /// <summary>The built-in presets shipped with the module.</summary>
    public static string BuiltInPresets { get; } = System.IO.Path.Combine(ModuleDirectory, "presets");
}
