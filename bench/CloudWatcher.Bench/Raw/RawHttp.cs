using System.Net;

namespace CloudWatcher.Bench.Raw;

/// <summary>One HttpClient and one reusable response buffer: what a reader that creates no per-event objects needs.</summary>
internal sealed class RawHttp : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
    private byte[] _buffer = new byte[2 * 1024 * 1024];

    /// <summary>Sends and reads the whole body into the shared buffer; returns its length. Non-2xx throws with the body.</summary>
    public async Task<int> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false))
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var length = 0;
            while (true)
            {
                if (length == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
                var n = await stream.ReadAsync(_buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (n == 0) break;
                length += n;
            }
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"HTTP {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(_buffer, 0, Math.Min(length, 2000))}");
            }
            return length;
        }
    }

    public ReadOnlySpan<byte> Body(int length) => _buffer.AsSpan(0, length);

    public Stream BodyStream(int length) => new MemoryStream(_buffer, 0, length, writable: false);

    public void Dispose() => _http.Dispose();
}
