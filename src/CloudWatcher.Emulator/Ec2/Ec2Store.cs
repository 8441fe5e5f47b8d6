namespace CloudWatcher.Emulator.Ec2;

/// <summary>All EC2 instances of the emulated account/region, in insertion order. Thread-safe.</summary>
public sealed class Ec2Store
{
    private readonly object _gate = new();
    private readonly List<EmulatedEc2Instance> _instances = new();

    public Ec2Store(string region = "us-east-1") => Region = region;

    public string Region { get; }

    /// <summary>Adds an instance, or replaces the one with the same id (keeping its position).</summary>
    public void Add(EmulatedEc2Instance instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        if (!EmulatedEc2Instance.IsValidId(instance.InstanceId))
            throw new ArgumentException($"Invalid instance id '{instance.InstanceId}'.", nameof(instance));
        if (!Enum.IsDefined(instance.State))
            throw new ArgumentException($"Invalid state {(int)instance.State}.", nameof(instance));
        lock (_gate)
        {
            int i = _instances.FindIndex(x => x.InstanceId == instance.InstanceId);
            if (i >= 0) _instances[i] = instance; else _instances.Add(instance);
        }
    }

    public EmulatedEc2Instance? Find(string instanceId)
    {
        lock (_gate) return _instances.Find(x => x.InstanceId == instanceId);
    }

    public bool Remove(string instanceId)
    {
        lock (_gate) return _instances.RemoveAll(x => x.InstanceId == instanceId) > 0;
    }

    /// <summary>Snapshot of all instances in insertion order.</summary>
    public List<EmulatedEc2Instance> All()
    {
        lock (_gate) return _instances.ToList();
    }

    /// <summary>The availability zone shown for an instance.</summary>
    public string ZoneOf(EmulatedEc2Instance instance) => instance.AvailabilityZone ?? Region + "a";
}
