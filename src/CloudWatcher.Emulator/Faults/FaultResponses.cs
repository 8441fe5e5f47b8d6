using System.Text;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Faults;

internal enum WireProtocol { Logs, CloudWatch, CloudWatchJson, Ec2 }

/// <summary>The AWS error each fault kind produces on each protocol, and bodies for dropped connections.</summary>
internal static class FaultResponses
{
    private const string UnknownFailure = "The request processing has failed because of an unknown error, exception or failure.";

    public static ServiceError Error(FaultKind kind, WireProtocol protocol) => (kind, protocol) switch
    {
        (FaultKind.Throttle, WireProtocol.Logs) => new("ThrottlingException", "Rate exceeded"),
        (FaultKind.Throttle, WireProtocol.CloudWatch or WireProtocol.CloudWatchJson) => new("Throttling", "Rate exceeded"),
        (FaultKind.Throttle, _) => new("RequestLimitExceeded", "Request limit exceeded.", 503),
        (FaultKind.Unavailable, WireProtocol.Logs) => new("ServiceUnavailableException", "The service is unavailable. Please try again later.", 503, senderFault: false),
        (FaultKind.Unavailable, WireProtocol.CloudWatch or WireProtocol.CloudWatchJson) => new("ServiceUnavailable", "The request has failed due to a temporary failure of the server.", 503, senderFault: false),
        (FaultKind.Unavailable, _) => new("Unavailable", "The server is overloaded and can't handle the request.", 503, senderFault: false),
        (_, WireProtocol.Ec2) => new("InternalError", "An internal error has occurred.", 500, senderFault: false),
        _ => new("InternalFailure", UnknownFailure, 500, senderFault: false),
    };

    /// <summary>Operations without side effects: a dropped response may be cut from their real answer.</summary>
    public static bool IsReadOnly(string operation) =>
        operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("Describe", StringComparison.Ordinal)
        || operation.StartsWith("List", StringComparison.Ordinal) || operation.StartsWith("Filter", StringComparison.Ordinal);

    /// <summary>A plausible start of a success body, for operations that must not run (the client never sees its end).</summary>
    public static byte[] PlaceholderBody(WireProtocol protocol) => Encoding.UTF8.GetBytes(protocol is WireProtocol.Logs or WireProtocol.CloudWatchJson
        ? "{\"emulatorFault\":\"connection dropped\"," + new string(' ', 512) + "}"
        : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<EmulatorFault>connection dropped" + new string(' ', 512) + "</EmulatorFault>");
}
