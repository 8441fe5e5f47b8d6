namespace CloudWatcher.Ports;

/// <summary>The EC2 facts the engine needs (DescribeInstances), in the engine's own types.</summary>
public interface IInstanceApi
{
    /// <summary>The instance, or a CloudWatcherServiceException (NotFound when EC2 does not know it).</summary>
    Task<Ec2Instance> DescribeInstanceAsync(string instanceId, CancellationToken cancellationToken);
}

public sealed record Ec2Instance(string InstanceId, string State, DateTime? LaunchTime, string? InstanceType, string? Name);
