using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace CloudWatcher.Aws.Runtime;

/// <summary>
/// Ports of the official endpoint rule sets (botocore endpoint-rule-set-1.json for "logs" and
/// "monitoring"), evaluated with Core's partition data so FIPS, dual-stack, China and GovCloud
/// resolve exactly as in the generated SDK clients.
/// </summary>
internal static class EndpointRules
{
    public static Endpoint ResolveLogs(EndpointParameters parameters)
    {
        var (region, fips, dualStack, endpoint) = Read(parameters);
        if (CustomEndpoint(endpoint, fips, dualStack) is { } custom)
        {
            return custom;
        }
        var partition = PartitionFor(region);
        if (fips && dualStack)
        {
            Require(partition.supportsFIPS && partition.supportsDualStack, "FIPS and DualStack are enabled, but this partition does not support one or both");
            return new Endpoint($"https://logs-fips.{region}.{partition.dualStackDnsSuffix}");
        }
        if (fips)
        {
            Require(partition.supportsFIPS, "FIPS is enabled but this partition does not support FIPS");
            if (region is "us-gov-east-1" or "us-gov-west-1")
            {
                return new Endpoint($"https://logs.{region}.amazonaws.com");
            }
            return new Endpoint($"https://logs-fips.{region}.{partition.dnsSuffix}");
        }
        if (dualStack)
        {
            Require(partition.supportsDualStack, "DualStack is enabled but this partition does not support DualStack");
            return new Endpoint($"https://logs.{region}.{partition.dualStackDnsSuffix}");
        }
        return new Endpoint($"https://logs.{region}.{partition.dnsSuffix}");
    }

    public static Endpoint ResolveMonitoring(EndpointParameters parameters)
    {
        var (region, fips, dualStack, endpoint) = Read(parameters);
        if (CustomEndpoint(endpoint, fips, dualStack) is { } custom)
        {
            return custom;
        }
        var partition = PartitionFor(region);
        if (partition.name == "aws-us-gov" && fips)
        {
            // GovCloud's standard endpoints are already FIPS validated.
            return new Endpoint($"https://monitoring.{region}.{(dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix)}");
        }
        if (fips && dualStack)
        {
            Require(partition.supportsFIPS && partition.supportsDualStack, "FIPS and DualStack are enabled, but this partition does not support one or both");
            return new Endpoint($"https://monitoring-fips.{region}.{partition.dualStackDnsSuffix}");
        }
        if (fips)
        {
            Require(partition.supportsFIPS, "FIPS is enabled but this partition does not support FIPS");
            return new Endpoint($"https://monitoring-fips.{region}.{partition.dnsSuffix}");
        }
        if (dualStack)
        {
            Require(partition.supportsDualStack, "DualStack is enabled but this partition does not support DualStack");
            return new Endpoint($"https://monitoring.{region}.{partition.dualStackDnsSuffix}");
        }
        return new Endpoint($"https://monitoring.{region}.{partition.dnsSuffix}");
    }

    private static (string? Region, bool Fips, bool DualStack, string? Endpoint) Read(EndpointParameters p)
    {
        if (p["UseFIPS"] is null || p["UseDualStack"] is null)
        {
            throw new AmazonClientException("UseFIPS and UseDualStack parameters must be set for endpoint resolution");
        }
        return ((string?)p["Region"], (bool)p["UseFIPS"], (bool)p["UseDualStack"], (string?)p["Endpoint"]);
    }

    private static Endpoint? CustomEndpoint(string? endpoint, bool fips, bool dualStack)
    {
        if (string.IsNullOrEmpty(endpoint))
        {
            return null;
        }
        Require(!fips, "Invalid Configuration: FIPS and custom endpoint are not supported");
        Require(!dualStack, "Invalid Configuration: Dualstack and custom endpoint are not supported");
        return new Endpoint(endpoint);
    }

    private static Partition PartitionFor(string? region)
    {
        if (string.IsNullOrEmpty(region))
        {
            throw new AmazonClientException("Invalid Configuration: Missing Region");
        }
        return Fn.Partition(region) ?? throw new AmazonClientException($"Invalid Configuration: no partition for region '{region}'");
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new AmazonClientException(message);
        }
    }
}

internal sealed class DelegateEndpointProvider : IEndpointProvider
{
    private readonly Func<EndpointParameters, Endpoint> _resolve;

    public DelegateEndpointProvider(Func<EndpointParameters, Endpoint> resolve) => _resolve = resolve;

    public Endpoint ResolveEndpoint(EndpointParameters parameters) => _resolve(parameters);
}
