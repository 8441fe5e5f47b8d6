using System.Globalization;
using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Turns text that is a plain number (a Value column of Import-Csv) into a double[], or a time (a Timestamp column)
/// into a DateTime, as PowerShell's own conversion would (invariant culture), before binding; anything else is passed
/// on untouched for PowerShell's usual conversion. Without it, an object whose Value is text binds only in the
/// binder's converting pass, which first tries (and fails, by exceptions) to convert the whole object for the
/// parameters that take pipeline input by value: about 0.1 ms an object, ten times the rest of the binding.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class TextToValueTransformationAttribute : ArgumentTransformationAttribute
{
    public TextToValueTransformationAttribute(Type target) => Target = target;

    /// <summary>double[] (values) or DateTime (a timestamp).</summary>
    public Type Target { get; }

    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if ((inputData is PSObject { BaseObject: string wrapped } ? wrapped : inputData as string) is not { } text)
        {
            return inputData;
        }
        if (Target == typeof(double[]))
        {
            // Plain decimal notation only (what PowerShell reads the same way); hex, suffixes and the like go the usual way.
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? new[] { value } : inputData;
        }
        if (Target == typeof(DateTime))
        {
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : inputData;
        }
        return inputData;
    }
}
