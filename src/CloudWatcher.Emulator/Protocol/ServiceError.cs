namespace CloudWatcher.Emulator.Protocol;

/// <summary>An AWS error to send back; rendered as JSON (Logs) or XML (CloudWatch) by the protocol layer.</summary>
internal sealed class ServiceError : Exception
{
    public ServiceError(string code, string message, int status = 400, bool senderFault = true) : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    public string Code { get; }
    public int Status { get; }
    public bool SenderFault { get; }
}
