using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Ec2;

/// <summary>
/// One DescribeInstances filter (Filter.N.Name / Filter.N.Value.M). Values are ORed, filters ANDed;
/// values may use the EC2 wildcards * and ?. Matching is case-sensitive, as on EC2.
/// </summary>
internal sealed class InstanceFilter
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "instance-id", "instance-state-name", "instance-state-code", "instance-type", "availability-zone",
        "image-id", "launch-time", "tag-key",
    };

    private readonly string _name;
    private readonly Regex[] _values;

    private InstanceFilter(string name, Regex[] values)
    {
        _name = name;
        _values = values;
    }

    /// <summary>Reads Filter.1..N (contiguous).</summary>
    public static List<InstanceFilter> Read(QueryArgs q)
    {
        var list = new List<InstanceFilter>();
        for (int i = 1; q.Has($"Filter.{i}"); i++)
        {
            string name = q.Get($"Filter.{i}.Name") ?? "";
            if (name.Length == 0)
                throw new Protocol.ServiceError("MissingParameter", $"The request must contain the parameter Filter.{i}.Name");
            if (!Names.Contains(name) && !(name.StartsWith("tag:", StringComparison.Ordinal) && name.Length > 4))
                throw Ec2Response.InvalidValue($"The filter '{name}' is invalid");
            var values = new List<Regex>();
            for (int j = 1; q.Get($"Filter.{i}.Value.{j}") is { } v; j++) values.Add(Glob(v));
            if (values.Count == 0)
                throw Ec2Response.InvalidValue($"The filter '{name}' requires at least one value");
            list.Add(new InstanceFilter(name, values.ToArray()));
        }
        return list;
    }

    public bool Matches(EmulatedEc2Instance i, Ec2Store store)
    {
        foreach (string candidate in Candidates(i, store))
            foreach (var v in _values)
                if (v.IsMatch(candidate)) return true;
        return false;
    }

    private IEnumerable<string> Candidates(EmulatedEc2Instance i, Ec2Store store)
    {
        switch (_name)
        {
            case "instance-id": yield return i.InstanceId; break;
            case "instance-state-name": yield return i.StateName; break;
            case "instance-state-code": yield return ((int)i.State).ToString(CultureInfo.InvariantCulture); break;
            case "instance-type": yield return i.InstanceType; break;
            case "availability-zone": yield return store.ZoneOf(i); break;
            case "image-id": yield return i.ImageId; break;
            case "launch-time": yield return Ec2Response.Time(i.LaunchTime); break;
            case "tag-key": if (i.Name is not null) yield return "Name"; break;
            case "tag:Name": if (i.Name is not null) yield return i.Name; break;
        }
    }

    /// <summary>EC2 filter wildcards: * any run, ? one character, \ escapes.</summary>
    private static Regex Glob(string value)
    {
        var sb = new StringBuilder("^");
        for (int k = 0; k < value.Length; k++)
        {
            char c = value[k];
            if (c == '\\' && k + 1 < value.Length) sb.Append(Regex.Escape(value[++k].ToString()));
            else if (c == '*') sb.Append(".*");
            else if (c == '?') sb.Append('.');
            else sb.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(sb.Append('$').ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant);
    }
}
