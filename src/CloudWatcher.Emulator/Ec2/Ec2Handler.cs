using System.Globalization;
using System.Text.RegularExpressions;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Ec2;

/// <summary>EC2 query-protocol operations (API version 2016-11-15): DescribeInstances.</summary>
internal sealed partial class Ec2Handler
{
    private const int MinPage = 5, MaxPage = 1000;

    private static readonly HashSet<string> Operations = new(StringComparer.Ordinal) { "DescribeInstances" };

    [GeneratedRegex(@"^(Action|Version|DryRun|MaxResults|NextToken|IncludeManagedResources|InstanceId\.[1-9][0-9]*|Filter\.[1-9][0-9]*\.(Name|Value\.[1-9][0-9]*)|X-Amz-.+)$")]
    private static partial Regex DescribeInstancesParams();

    private readonly Ec2Store _store;

    public Ec2Handler(Ec2Store store) => _store = store;

    public static bool IsKnown(string action) => Operations.Contains(action);

    public byte[] Handle(string action, QueryArgs q, string requestId)
    {
        switch (action)
        {
            case "DescribeInstances":
                foreach (string key in q.Keys)
                    if (!DescribeInstancesParams().IsMatch(key))
                        throw new ServiceError("UnknownParameter", $"The parameter {key} is not recognized");
                if (Bool(q, "DryRun"))
                    throw new ServiceError("DryRunOperation", "Request would have succeeded, but DryRun flag is set.", 412);
                using (var r = new Ec2Response(action, requestId))
                {
                    DescribeInstances(q, r);
                    return r.Finish();
                }
            default:
                throw InvalidAction(action);
        }
    }

    public static ServiceError InvalidAction(string action) =>
        new("InvalidAction", $"The action {action} is not valid for this web service.");

    private void DescribeInstances(QueryArgs q, Ec2Response r)
    {
        var ids = new List<string>();
        for (int i = 1; q.Get($"InstanceId.{i}") is { } id; i++) ids.Add(id);
        foreach (string id in ids)
            if (!EmulatedEc2Instance.IsValidId(id)) throw new ServiceError("InvalidInstanceID.Malformed", $"Invalid id: \"{id}\"");
        var filters = InstanceFilter.Read(q);

        int? max = null;
        if (q.Get("MaxResults") is { } m)
        {
            if (ids.Count > 0)
                throw new ServiceError("InvalidParameterCombination", "The parameter instancesSet cannot be used with the parameter maxResults");
            if (!int.TryParse(m, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < MinPage || n > MaxPage)
                throw Ec2Response.InvalidValue($"Value ( {m} ) for parameter maxResults is invalid. Parameter must be between {MinPage} and {MaxPage}.");
            max = n;
        }
        int offset = 0;
        if (q.Get("NextToken") is { Length: > 0 } token)
            offset = OpaqueToken.DecodeOffset("ec2-di", token)
                ?? throw new ServiceError("InvalidPaginationToken", $"Invalid pagination token: {token}");

        var all = _store.All();
        if (ids.Count > 0)
        {
            var missing = ids.Distinct(StringComparer.Ordinal).Where(id => all.All(i => i.InstanceId != id)).ToList();
            if (missing.Count == 1)
                throw new ServiceError("InvalidInstanceID.NotFound", $"The instance ID '{missing[0]}' does not exist");
            if (missing.Count > 1)
                throw new ServiceError("InvalidInstanceID.NotFound", $"The instance IDs '{string.Join(", ", missing)}' do not exist");
            all = all.Where(i => ids.Contains(i.InstanceId)).ToList();
        }
        var matches = all.Where(i => filters.All(f => f.Matches(i, _store))).ToList();

        int take = Math.Max(0, Math.Min(max ?? int.MaxValue, matches.Count - offset));
        var w = r.Writer;
        w.WriteStartElement("reservationSet");
        foreach (var instance in matches.Skip(offset).Take(take)) InstanceXml.WriteReservation(w, instance, _store);
        w.WriteEndElement();
        if (offset + take < matches.Count)
            w.WriteElementString("nextToken", OpaqueToken.Encode("ec2-di", (offset + take).ToString(CultureInfo.InvariantCulture)));
    }

    private static bool Bool(QueryArgs q, string key) => q.Get(key)?.ToLowerInvariant() switch
    {
        null or "false" => false,
        "true" => true,
        var v => throw Ec2Response.InvalidValue($"Invalid value '{v}' for {key}. Expected a boolean."),
    };
}
