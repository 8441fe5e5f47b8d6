using System.Net.Http;
using System.Text;
using Amazon.Runtime;

namespace CloudWatcher.Aws;

/// <summary>
/// An HTTP client whose connections are streams in memory that answer every request with one canned response: the
/// whole HttpClient/SocketsHttpHandler request path runs (headers, connection pool, HTTP/1.1 parsing) without a socket,
/// a name lookup or a byte leaving the process. Used by <see cref="Sessions.EngineWarmUp"/> only.
/// </summary>
internal sealed class InMemoryHttpClientFactory : HttpClientFactory
{
    private readonly byte[] _response;

    /// <summary>A factory whose connections answer 200 with <paramref name="body"/> (and close afterwards).</summary>
    public InMemoryHttpClientFactory(string contentType, string body)
    {
        var payload = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {payload.Length}\r\nx-amzn-RequestId: 00000000-0000-0000-0000-000000000000\r\nConnection: close\r\n\r\n");
        _response = new byte[head.Length + payload.Length];
        head.CopyTo(_response, 0);
        payload.CopyTo(_response, head.Length);
    }

    /// <summary>How many connections were opened (each one a <see cref="CannedStream"/>); for tests.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private int _connections;

    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        // The handler's defaults, as the SDK's own client has them (so the warm-up runs the same handlers), but no proxy.
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = (_, _) =>
            {
                Interlocked.Increment(ref _connections);
                return new ValueTask<Stream>(new CannedStream(_response));
            },
        };
        return new HttpClient(handler) { Timeout = clientConfig.Timeout ?? TimeSpan.FromSeconds(10) };
    }

    // Cached per service client (a null key), never in the SDK's process-wide cache: no real client may get these
    // connections. They go when the service client is disposed.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => true;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string? GetConfigUniqueString(IClientConfig clientConfig) => null;

    /// <summary>A connection: whatever is written is dropped; reads return the response, then the end of the stream.</summary>
    private sealed class CannedStream : Stream
    {
        private readonly byte[] _response;
        private int _position;

        public CannedStream(byte[] response) => _response = response;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, _response.Length - _position);
            _response.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        // Completes later, on the thread pool, as a socket read does: every async method above it then suspends and
        // resumes the way it will on the first real call (a read that completes at once would skip that code).
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Yield();
            return Read(buffer.Span);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => default;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
