using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;

namespace CloudWatcher.HelpGen;

/// <summary>
/// The real parameter metadata of a module's exported cmdlets, read by importing the staged module into an
/// in-process PowerShell engine: help is generated from what the binder sees, never from a copy of it.
/// </summary>
internal sealed class ModuleCommands : IDisposable
{
    private readonly PowerShell _ps;

    private ModuleCommands(PowerShell ps, PSModuleInfo module, IReadOnlyList<CmdletInfo> cmdlets)
    {
        _ps = ps;
        Module = module;
        Cmdlets = cmdlets;
    }

    public PSModuleInfo Module { get; }

    /// <summary>Exported cmdlets, sorted by name.</summary>
    public IReadOnlyList<CmdletInfo> Cmdlets { get; }

    public static ModuleCommands Import(string manifestPath)
    {
        var ps = PowerShell.Create(InitialSessionState.CreateDefault2());
        try
        {
            PSModuleInfo module = ps.AddCommand("Import-Module")
                .AddParameter("Name", Path.GetFullPath(manifestPath))
                .AddParameter("PassThru")
                .AddParameter("ErrorAction", ActionPreference.Stop)
                .Invoke<PSModuleInfo>()
                .FirstOrDefault()
                ?? throw new InvalidOperationException($"Import-Module '{manifestPath}' returned no module.");
            ps.Commands.Clear();

            // Get-Command -Module lists what the session can actually call (exports after the manifest's filter).
            List<CmdletInfo> cmdlets = ps.AddCommand("Get-Command")
                .AddParameter("Module", module.Name)
                .AddParameter("CommandType", CommandTypes.Cmdlet)
                .Invoke<CmdletInfo>()
                .OrderBy(c => c.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
            ps.Commands.Clear();
            return new ModuleCommands(ps, module, cmdlets);
        }
        catch
        {
            ps.Dispose();
            throw;
        }
    }

    /// <summary>True for -Verbose, -ErrorAction and the other parameters every cmdlet has; they are never documented.</summary>
    public static bool IsCommonParameter(string name) => Cmdlet.CommonParameters.Contains(name);

    /// <summary>-WhatIf and -Confirm: documented with a standard text unless the page says otherwise.</summary>
    public static bool IsRiskParameter(string name) => Cmdlet.OptionalCommonParameters.Contains(name);

    /// <summary>
    /// The cmdlet's own parameters (no common ones), each once, in declaration order; the per-set details are
    /// merged: required only if required in every set it belongs to.
    /// </summary>
    public static IReadOnlyList<ParameterHelpInfo> Parameters(CmdletInfo cmdlet)
    {
        var byName = new Dictionary<string, ParameterHelpInfo>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        IReadOnlyDictionary<string, string> initialValues = InitialValues(cmdlet);
        foreach (CommandParameterSetInfo set in cmdlet.ParameterSets)
        {
            foreach (CommandParameterInfo p in set.Parameters)
            {
                if (IsCommonParameter(p.Name))
                {
                    continue;
                }

                if (byName.TryGetValue(p.Name, out ParameterHelpInfo? existing))
                {
                    byName[p.Name] = existing.MergeWith(p, set.Name);
                }
                else
                {
                    byName[p.Name] = ParameterHelpInfo.From(p, set.Name) with { InitialValue = initialValues.GetValueOrDefault(p.Name) };
                    order.Add(p.Name);
                }
            }
        }

        // Declaration order, with -WhatIf and -Confirm last, as Get-Help users expect.
        return order.Select(n => byName[n]).OrderBy(p => IsRiskParameter(p.Name) ? 1 : 0).ToList();
    }

    /// <summary>
    /// The values the cmdlet's parameter properties have before anything is bound (their initializers: Width = 1200,
    /// Statistic = { "Maximum" }), as Get-Help shows a default, for the parameters whose value is worth showing: not
    /// null, empty, false, or a zero number (those mean "not given", which the help text explains).
    /// </summary>
    public static IReadOnlyDictionary<string, string> InitialValues(CmdletInfo cmdlet)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (cmdlet.ImplementingType is not { IsAbstract: false } type || type.GetConstructor(Type.EmptyTypes) is null)
        {
            return values;
        }

        object instance;
        try
        {
            instance = Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException)
        {
            // A cmdlet that cannot be made outside a pipeline shows no initial values; the page's lines still do.
            return values;
        }

        try
        {
            foreach (string name in cmdlet.Parameters.Keys)
            {
                PropertyInfo? property = type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance);
                if (property?.GetMethod is not null && FormatInitialValue(property.GetValue(instance)) is { } text)
                {
                    values[name] = text;
                }
            }
        }
        finally
        {
            (instance as IDisposable)?.Dispose();
        }

        return values;
    }

    /// <summary>A parameter value as help shows it, or null when it means "not given".</summary>
    internal static string? FormatInitialValue(object? value) => value switch
    {
        null => null,
        SwitchParameter s => s.IsPresent ? "True" : null,
        bool b => b ? "True" : null,
        string s => s.Length == 0 ? null : s,
        Enum e => e.ToString(),
        sbyte or byte or short or ushort or int or uint or long or ulong or float or double or decimal =>
            Convert.ToDouble(value, CultureInfo.InvariantCulture) == 0 ? null : Convert.ToString(value, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(FormatInitialValue).Where(t => t is not null)) is { Length: > 0 } joined ? joined : null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>Parameter sets with the default one first: its syntax line is the one people read.</summary>
    public static IReadOnlyList<CommandParameterSetInfo> ParameterSets(CmdletInfo cmdlet) =>
        cmdlet.ParameterSets.OrderBy(s => s.IsDefault ? 0 : 1).ToList();

    /// <summary>One parameter set's parameters for a syntax line: positional first (by position), then the rest.</summary>
    public static IReadOnlyList<CommandParameterInfo> SyntaxParameters(CommandParameterSetInfo set) =>
        set.Parameters
            .Where(p => !IsCommonParameter(p.Name))
            .Select((p, index) => (p, index))
            .OrderBy(x => x.p.Position >= 0 ? x.p.Position : int.MaxValue)
            .ThenBy(x => IsRiskParameter(x.p.Name) ? 1 : 0)
            .ThenBy(x => x.index)
            .Select(x => x.p)
            .ToList();

    public void Dispose() => _ps.Dispose();
}

/// <summary>A parameter's help-relevant metadata, merged over the parameter sets it belongs to.</summary>
internal sealed record ParameterHelpInfo(
    string Name,
    Type Type,
    bool Required,
    string Position,
    bool ByValue,
    bool ByPropertyName,
    bool Globbing,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> ValidValues,
    string? DefaultValue,
    IReadOnlyList<string> ParameterSets)
{
    /// <summary>The property's value before binding, when it is worth showing (see <see cref="ModuleCommands.InitialValues"/>).</summary>
    public string? InitialValue { get; init; }

    public static ParameterHelpInfo From(CommandParameterInfo p, string setName) => new(
        p.Name,
        p.ParameterType,
        p.IsMandatory,
        p.Position >= 0 ? p.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : "named",
        p.ValueFromPipeline,
        p.ValueFromPipelineByPropertyName,
        p.Attributes.OfType<SupportsWildcardsAttribute>().Any(),
        p.Aliases.ToList(),
        ValidValuesOf(p),
        DefaultValueOf(p),
        [setName]);

    public ParameterHelpInfo MergeWith(CommandParameterInfo p, string setName) => this with
    {
        Required = Required && p.IsMandatory,
        Position = Position == "named" && p.Position >= 0 ? p.Position.ToString(System.Globalization.CultureInfo.InvariantCulture) : Position,
        ByValue = ByValue || p.ValueFromPipeline,
        ByPropertyName = ByPropertyName || p.ValueFromPipelineByPropertyName,
        ParameterSets = [.. ParameterSets, setName],
    };

    /// <summary>As Get-Help shows it: "True (ByValue, ByPropertyName)" or "False".</summary>
    public string PipelineInput => PipelineInputText(ByValue, ByPropertyName);

    public bool IsSwitch => Type == typeof(SwitchParameter);

    public static string PipelineInputText(bool byValue, bool byPropertyName) => (byValue, byPropertyName) switch
    {
        (true, true) => "True (ByValue, ByPropertyName)",
        (true, false) => "True (ByValue)",
        (false, true) => "True (ByPropertyName)",
        _ => "False",
    };

    /// <summary>[ValidateSet] values, else the names of an enum type (also inside Nullable or an array).</summary>
    public static IReadOnlyList<string> ValidValuesOf(CommandParameterInfo p)
    {
        ValidateSetAttribute? set = p.Attributes.OfType<ValidateSetAttribute>().FirstOrDefault();
        if (set is not null)
        {
            return set.ValidValues.ToList();
        }

        Type type = p.ParameterType.IsArray ? p.ParameterType.GetElementType()! : p.ParameterType;
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsEnum ? Enum.GetNames(type) : [];
    }

    private static string? DefaultValueOf(CommandParameterInfo p)
    {
        PSDefaultValueAttribute? attribute = p.Attributes.OfType<PSDefaultValueAttribute>().FirstOrDefault();
        if (attribute is null)
        {
            return null;
        }

        return string.IsNullOrEmpty(attribute.Help) ? attribute.Value?.ToString() : attribute.Help;
    }
}
