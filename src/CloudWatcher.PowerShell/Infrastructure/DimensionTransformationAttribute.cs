using System.Collections;
using System.Management.Automation;

namespace CloudWatcher.PowerShell.Infrastructure;

/// <summary>
/// Lets -Dimension take "Name:Value" strings (split on the first colon only), "Name" alone
/// (any value), hashtables (@{ InstanceId = 'i-…' }), Dimension objects, or objects with Name and Value.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DimensionTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) => Convert(inputData);

    /// <summary>The conversion itself, also used for the Dimensions of piped objects.</summary>
    public static Dimension[] Convert(object inputData)
    {
        var result = new List<Dimension>();
        foreach (var item in Flatten(inputData))
        {
            try
            {
                AddDimensions(item, result);
            }
            catch (FormatException ex)
            {
                throw new ArgumentTransformationMetadataException(ex.Message, ex);
            }
        }
        return result.ToArray();
    }

    private static IEnumerable<object?> Flatten(object? input)
    {
        var value = Unwrap(input);
        if (value is IEnumerable enumerable and not string and not IDictionary)
        {
            foreach (var item in enumerable)
            {
                yield return Unwrap(item);
            }
        }
        else
        {
            yield return value;
        }
    }

    /// <summary>
    /// The object inside a PSObject, except for a custom object (ConvertFrom-Json, Import-Csv, [pscustomobject]@{}):
    /// its Name and Value live on the PSObject, and its base object is empty.
    /// </summary>
    private static object? Unwrap(object? item) =>
        item is PSObject p && p.BaseObject is not PSCustomObject ? p.BaseObject : item;

    private static void AddDimensions(object? item, List<Dimension> result)
    {
        switch (item)
        {
            case null:
                throw new FormatException("A dimension cannot be $null. Write it as 'Name:Value', for example 'InstanceId:i-0123456789abcdef0'.");
            case Dimension dimension:
                result.Add(dimension);
                break;
            case string text:
                result.Add(Dimension.Parse(text));
                break;
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var name = entry.Key?.ToString();
                    if (string.IsNullOrWhiteSpace(name))
                    {
                        throw new FormatException("A dimension hashtable has an empty key; use @{ DimensionName = 'value' }.");
                    }
                    var value = entry.Value is PSObject p ? p.BaseObject : entry.Value;
                    result.Add(new Dimension(name, value?.ToString()));
                }
                break;
            default:
                var wrapped = PSObject.AsPSObject(item);
                var nameProperty = wrapped.Properties["Name"]?.Value?.ToString();
                if (string.IsNullOrEmpty(nameProperty))
                {
                    throw new FormatException($"Cannot use '{item}' as a dimension. Give 'Name:Value' strings, a hashtable like @{{ InstanceId = 'i-…' }}, or objects with Name and Value properties.");
                }
                result.Add(new Dimension(nameProperty, wrapped.Properties["Value"]?.Value?.ToString()));
                break;
        }
    }
}
