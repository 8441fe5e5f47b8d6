using System.Text.RegularExpressions;

namespace CloudWatcher.Emulator.Ec2;

/// <summary>EC2 instance states with the codes DescribeInstances reports (instanceState/code).</summary>
public enum Ec2InstanceState
{
    Pending = 0,
    Running = 16,
    ShuttingDown = 32,
    Terminated = 48,
    Stopping = 64,
    Stopped = 80,
}

/// <summary>
/// One emulated EC2 instance. Immutable: change an instance by adding a modified copy
/// (<c>store.Add(i with { State = Ec2InstanceState.Stopped })</c>).
/// </summary>
/// <param name="InstanceId">i- followed by 8 or 17 lowercase hex digits.</param>
/// <param name="State">Current state.</param>
/// <param name="LaunchTime">Time of the last launch (EC2 keeps it while the instance is stopped).</param>
public sealed partial record EmulatedEc2Instance(string InstanceId, Ec2InstanceState State, DateTimeOffset LaunchTime)
{
    /// <summary>e.g. t3.large.</summary>
    public string InstanceType { get; init; } = "t3.micro";

    /// <summary>Availability zone; null = the emulator's region + "a".</summary>
    public string? AvailabilityZone { get; init; }

    /// <summary>Value of the Name tag; null = no Name tag.</summary>
    public string? Name { get; init; }

    public string ImageId { get; init; } = "ami-0c02fb55956c7d316";

    /// <summary>When the instance entered a stopped/terminated state (shown in "reason"); null = unknown.</summary>
    public DateTimeOffset? StateTransitionTime { get; init; }

    /// <summary>The lowercase state name EC2 uses (running, stopped, shutting-down, ...).</summary>
    public string StateName => StateNameOf(State);

    public static string StateNameOf(Ec2InstanceState state) => state switch
    {
        Ec2InstanceState.Pending => "pending",
        Ec2InstanceState.Running => "running",
        Ec2InstanceState.ShuttingDown => "shutting-down",
        Ec2InstanceState.Terminated => "terminated",
        Ec2InstanceState.Stopping => "stopping",
        Ec2InstanceState.Stopped => "stopped",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>True when the id has the form EC2 accepts (i- and 8 or 17 lowercase hex digits).</summary>
    public static bool IsValidId(string id) => IdRegex().IsMatch(id);

    [GeneratedRegex("^i-[0-9a-f]{8}([0-9a-f]{9})?$")] private static partial Regex IdRegex();
}
