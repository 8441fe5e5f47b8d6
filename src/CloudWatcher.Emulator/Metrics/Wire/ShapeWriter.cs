namespace CloudWatcher.Emulator.Metrics.Wire;

/// <summary>
/// Writes one CloudWatch response in the shape the service model gives it, in the protocol the request came in:
/// awsQuery XML (<see cref="QueryShapeWriter"/>) or JSON 1.0 (<see cref="JsonShapeWriter"/>). The handlers describe
/// the answer once; a null member name means "the next item of the list being written".
/// </summary>
internal abstract class ShapeWriter : IDisposable
{
    public abstract void StartStructure(string? name);

    public abstract void EndStructure();

    public abstract void StartList(string name);

    public abstract void EndList();

    public abstract void String(string? name, string value);

    public abstract void Number(string? name, double value);

    /// <summary>A timestamp, given in milliseconds since the Unix epoch.</summary>
    public abstract void Timestamp(string? name, long milliseconds);

    /// <summary>The whole body; the writer is spent.</summary>
    public abstract byte[] Finish(string requestId);

    public abstract void Dispose();

    /// <summary>A writer for the answer to <paramref name="action"/>; <paramref name="hasResult"/> false for operations without output.</summary>
    public static ShapeWriter For(CloudWatchWireFormat format, string action, bool hasResult = true) => format == CloudWatchWireFormat.Json
        ? new JsonShapeWriter()
        : new QueryShapeWriter(action, hasResult);
}

/// <summary>How a CloudWatch request came and is answered.</summary>
internal enum CloudWatchWireFormat
{
    /// <summary>awsQuery: form-encoded parameters in, XML out.</summary>
    Query,

    /// <summary>awsJson1_0 with query-compatible errors, as current SDKs and the AWS CLI v1.4x send.</summary>
    Json,
}
