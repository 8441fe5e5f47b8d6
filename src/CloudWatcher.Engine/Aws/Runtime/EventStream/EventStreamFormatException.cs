namespace CloudWatcher.Aws.Runtime.EventStream;

/// <summary>
/// Bytes that are not a valid event stream: a checksum that does not match, a length out of bounds, a header that
/// does not fit its block, an unknown header type, or a stream that ends inside a frame. The message names the check
/// and the byte of the stream where it failed. An event stream cannot be resynchronised, so the read cannot go on.
/// An <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed): damaged or cut-off bytes are a failure
/// of the stream being read, like a connection reset in the middle of a body.
/// </summary>
internal sealed class EventStreamFormatException : IOException
{
    public EventStreamFormatException(string problem, long offset)
        : base($"malformed event stream at byte {offset}: {problem}")
    {
        Offset = offset;
    }

    /// <summary>The byte of the stream (counted from 0) where the bad field starts or where the stream ended.</summary>
    public long Offset { get; }
}
