using CloudWatcher.Emulator.Ec2;

namespace CloudWatcher.Emulator.Seed;

/// <summary>
/// The demo EC2 instances and their history, which the demo metrics follow (all times relative to the
/// seed's "now", the seeding clock floored to the minute):
/// <list type="bullet">
/// <item>i-0123456789abcdef0 "nephele-worker-1", t3.large, running, launched now − 3 d 5 h; it was stopped for the
/// 2 hours before that launch, so its metrics have no data in [launch − 2 h, launch).</item>
/// <item>i-0fedcba9876543210 "nephele-worker-2", t3.large, stopped at now − 6 h (its metrics end there); an earlier
/// stop left a 3-hour gap [now − 4 d, now − 4 d + 3 h), and its launch time is the end of that gap.</item>
/// </list>
/// </summary>
public static class DemoInstances
{
    public const string RunningId = "i-0123456789abcdef0";
    public const string StoppedId = "i-0fedcba9876543210";

    /// <summary>Running instance: launch time = seed now − this.</summary>
    public static readonly TimeSpan RunningUptime = TimeSpan.FromDays(3) + TimeSpan.FromHours(5);

    /// <summary>Running instance: no metric data for this long before its launch.</summary>
    public static readonly TimeSpan PreLaunchGap = TimeSpan.FromHours(2);

    /// <summary>Stopped instance: stopped (and metrics end) at seed now − this.</summary>
    public static readonly TimeSpan StoppedAgo = TimeSpan.FromHours(6);

    /// <summary>Stopped instance: an earlier stop began at seed now − this ...</summary>
    public static readonly TimeSpan EarlierStopAgo = TimeSpan.FromDays(4);

    /// <summary>... and lasted this long; the instance was launched again at its end.</summary>
    public static readonly TimeSpan EarlierStopLength = TimeSpan.FromHours(3);

    /// <summary>The seed's "now": the seeding clock floored to the minute.</summary>
    public static DateTimeOffset SeedNow(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds() / 60_000 * 60_000);

    public static void Apply(Ec2Store ec2, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ec2);
        var seedNow = SeedNow(now);
        ec2.Add(new EmulatedEc2Instance(RunningId, Ec2InstanceState.Running, seedNow - RunningUptime)
        {
            InstanceType = "t3.large",
            Name = "nephele-worker-1",
        });
        ec2.Add(new EmulatedEc2Instance(StoppedId, Ec2InstanceState.Stopped, seedNow - EarlierStopAgo + EarlierStopLength)
        {
            InstanceType = "t3.large",
            Name = "nephele-worker-2",
            AvailabilityZone = ec2.Region + "b",
            StateTransitionTime = seedNow - StoppedAgo,
        });
    }

    /// <summary>Whether the CloudWatch agent of an instance published at time t (ms; endMs = seed now).</summary>
    internal static bool HasData(string instanceId, long t, long endMs) => instanceId switch
    {
        RunningId => !InGap(t, endMs - Ms(RunningUptime) - Ms(PreLaunchGap), Ms(PreLaunchGap)),
        StoppedId => t <= endMs - Ms(StoppedAgo) && !InGap(t, endMs - Ms(EarlierStopAgo), Ms(EarlierStopLength)),
        _ => true,
    };

    /// <summary>Time of the last published datapoint of an instance (ms).</summary>
    internal static long LastDataMs(string instanceId, long endMs) =>
        instanceId == StoppedId ? endMs - Ms(StoppedAgo) : endMs;

    private static bool InGap(long t, long from, long length) => t >= from && t < from + length;

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
