using System.Runtime.InteropServices;
using CloudWatcher.Emulator;
using CloudWatcher.Emulator.Faults;

string usage = """
Usage: CloudWatcher.Emulator [options]
  --port <n>            TCP port on 127.0.0.1 (0 = pick a free port; default 4566)
  --seed <demo>         load the demo data set
  --region <name>       region for ARNs (default us-east-1)
  --access-key <key>    with --secret-key: verify SigV4 signatures for real
  --secret-key <secret>
  --cloudwatch-protocols <list>
                        CloudWatch protocols to speak: query, json or query,json (default);
                        without json, JSON requests get the XML error a query-only server gives
  --delay-ms <n>        delay added before every response
  --quiet               no console logging
  --help                show this help

""" + FaultSpec.Help;

var options = new EmulatorOptions { Port = 4566, Quiet = false };
for (int i = 0; i < args.Length; i++)
{
    string a = args[i];
    string? Next() => i + 1 < args.Length ? args[++i] : null;
    switch (a)
    {
        case "--help" or "-h" or "-?":
            Console.WriteLine(usage);
            return 0;
        case "--port" when Next() is { } p && int.TryParse(p, out int port) && port is >= 0 and <= 65535:
            options.Port = port; break;
        case "--seed" when Next() is { } s && s.Equals("demo", StringComparison.OrdinalIgnoreCase):
            options.Seed = "demo"; break;
        case "--region" when Next() is { Length: > 0 } r:
            options.Region = r; break;
        case "--access-key" when Next() is { Length: > 0 } k:
            options.AccessKey = k; break;
        case "--secret-key" when Next() is { Length: > 0 } k:
            options.SecretKey = k; break;
        case "--cloudwatch-protocols" when Next() is { Length: > 0 } list && ParseProtocols(list) is { } protocols:
            options.CloudWatchProtocols = protocols; break;
        case "--delay-ms" when Next() is { } d && int.TryParse(d, out int ms) && ms >= 0:
            options.ResponseDelay = TimeSpan.FromMilliseconds(ms); break;
        case "--faults" when Next() is { Length: > 0 } f:
            try { options.Faults = FaultPlan.Parse(f); }
            catch (FormatException e)
            {
                Console.Error.WriteLine(e.Message);
                return 2;
            }
            break;
        case "--quiet":
            options.Quiet = true; break;
        default:
            Console.Error.WriteLine($"Invalid or unknown argument: {a}");
            Console.Error.WriteLine(usage);
            return 2;
    }
}
if (string.IsNullOrEmpty(options.AccessKey) != string.IsNullOrEmpty(options.SecretKey))
{
    Console.Error.WriteLine("--access-key and --secret-key must be given together.");
    Console.Error.WriteLine(usage);
    return 2;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });

await using var server = await EmulatorServer.StartAsync(options);
Console.WriteLine($"CloudWatcher emulator listening on {server.Endpoint}");
Console.Out.Flush();
await stop.Task;
return 0;

static CloudWatchProtocols? ParseProtocols(string list)
{
    CloudWatchProtocols result = 0;
    foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        if (name.Equals("query", StringComparison.OrdinalIgnoreCase)) result |= CloudWatchProtocols.Query;
        else if (name.Equals("json", StringComparison.OrdinalIgnoreCase)) result |= CloudWatchProtocols.Json;
        else return null;
    }
    return result == 0 ? null : result;
}
