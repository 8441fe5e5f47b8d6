using Amazon.EC2;
using Amazon.EC2.Model;
using CloudWatcher.Aws.Runtime;
using CloudWatcher.Ports;

namespace CloudWatcher.Aws.Ec2;

/// <summary>EC2 through the SDK's own generated client (AWSSDK.EC2 matches our pinned Core).</summary>
internal sealed class Ec2Api : IInstanceApi, IDisposable
{
    private readonly AmazonEC2Client _client;

    public Ec2Api(AmazonEC2Client client) => _client = client;

    public void Dispose() => _client.Dispose();

    public Task<Ec2Instance> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken) =>
        ErrorTranslator.Call("EC2", "DescribeInstances", async () =>
        {
            var response = await _client.DescribeInstancesAsync(new DescribeInstancesRequest { InstanceIds = new List<string> { instanceId } }, cancellationToken)
                .ConfigureAwait(false);
            var instance = (response.Reservations ?? new List<Reservation>())
                .SelectMany(r => r.Instances ?? new List<Instance>())
                .FirstOrDefault(i => i.InstanceId == instanceId);
            if (instance is null)
            {
                throw new CloudWatcherServiceException("EC2", "DescribeInstances", "InvalidInstanceID.NotFound", ErrorKind.NotFound, 400, null,
                    $"EC2 does not know the instance '{instanceId}'.");
            }
            return new Ec2Instance(
                instance.InstanceId,
                instance.State?.Name?.Value ?? "unknown",
                instance.LaunchTime is DateTime launch ? TimeRangeUtc(launch) : null,
                instance.InstanceType?.Value,
                instance.Tags?.FirstOrDefault(t => t.Key == "Name")?.Value);
        }, cancellationToken);

    private static DateTime TimeRangeUtc(DateTime time) => time.Kind == DateTimeKind.Utc ? time : time.ToUniversalTime();
}
