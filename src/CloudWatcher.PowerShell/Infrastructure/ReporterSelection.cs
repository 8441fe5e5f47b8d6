using System.Management.Automation;
using System.Management.Automation.Runspaces;
using CloudWatcher.Metrics.Reporting;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// The running reporters of this runspace that -Name (wildcards) and -Id select (Get-CwMetricReporter,
/// Stop-CwMetricReporter), as Get-Job lists the runspace's jobs; a reporter object passed in works from anywhere.
/// </summary>
internal static class ReporterSelection
{
    /// <summary>
    /// The live reporters matching any of the names or ids (all when both are null), oldest first; each name or id
    /// without a wildcard that matches nothing comes back in <paramref name="missing"/>.
    /// </summary>
    public static IReadOnlyList<Reporter> Select(string[]? names, int[]? ids, out List<string> missing)
    {
        missing = new List<string>();
        var all = ReporterDirectory.Shared.All(ModuleLifetime.OwnerOf(Runspace.DefaultRunspace));
        if (names is null && ids is null)
        {
            return all;
        }
        var chosen = new List<Reporter>();
        foreach (var name in names ?? Array.Empty<string>())
        {
            var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
            var matches = all.Where(r => pattern.IsMatch(r.Name)).ToList();
            if (matches.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
            {
                missing.Add($"-Name '{name}'");
            }
            chosen.AddRange(matches);
        }
        foreach (var id in ids ?? Array.Empty<int>())
        {
            var matches = all.Where(r => r.Id == id).ToList();
            if (matches.Count == 0)
            {
                missing.Add($"-Id {id}");
            }
            chosen.AddRange(matches);
        }
        return chosen.Distinct().OrderBy(r => r.Id).ToList();
    }

    /// <summary>The error for a name or id that matches no running reporter.</summary>
    public static ErrorRecord NotFound(string what) => ErrorRecords.Create("MetricReporterNotFound", ErrorKind.NotFound,
        $"No running metric reporter has {what}. Get-CwMetricReporter lists the running ones; a stopped reporter is no longer listed.", what);
}
