using CloudWatcher.Aws;

namespace CloudWatcher.Sessions;

/// <summary>
/// The engine's process-wide services: where sessions come from (the AWS factory unless a test substitutes one)
/// and the registry of objects that outlive a command.
/// </summary>
public static class EngineServices
{
    private static ISessionFactory _sessions = new AwsSessionFactory();

    public static ISessionFactory Sessions
    {
        get => Volatile.Read(ref _sessions);
        set => Volatile.Write(ref _sessions, value ?? throw new ArgumentNullException(nameof(value)));
    }
}
