using System.Collections.Concurrent;

namespace CloudWatcher.Lifetime;

/// <summary>
/// The objects that outlive one command (log writers, metric reporters), per owner (a runspace). When the owner
/// goes (the module is removed, the runspace closes, the process exits), each is flushed — within a time bound —
/// and then disposed, so data they hold is sent, not dropped. Failures are collected and returned, never thrown.
/// </summary>
public sealed class ObjectRegistry
{
    private readonly ConcurrentDictionary<long, Registration> _items = new();
    private long _next;

    /// <summary>The process-wide registry the module uses.</summary>
    public static ObjectRegistry Shared { get; } = new();

    /// <summary>
    /// Registers an object with how to flush and dispose it. Dispose the returned registration when the object was
    /// closed by a command of its own (it is then no longer the registry's to close).
    /// </summary>
    public IDisposable Register(Guid owner, string name, Func<CancellationToken, Task> flush, Action dispose)
    {
        ArgumentNullException.ThrowIfNull(flush);
        ArgumentNullException.ThrowIfNull(dispose);
        var registration = new Registration(this, Interlocked.Increment(ref _next), owner, name, flush, dispose);
        _items[registration.Key] = registration;
        return registration;
    }

    /// <summary>How many objects an owner has registered (all owners when null).</summary>
    public int Count(Guid? owner = null) => _items.Values.Count(r => owner is null || r.Owner == owner);

    /// <summary>Flushes (each within <paramref name="bound"/>) and disposes the objects of an owner, or of all owners when null.</summary>
    public IReadOnlyList<string> Close(Guid? owner, TimeSpan bound)
    {
        var failures = new List<string>();
        foreach (var registration in _items.Values.Where(r => owner is null || r.Owner == owner).OrderBy(r => r.Key).ToList())
        {
            if (!_items.TryRemove(registration.Key, out _))
            {
                continue;
            }
            using var timeout = new CancellationTokenSource(bound);
            try
            {
                var flush = registration.Flush(timeout.Token);
                if (!flush.Wait(bound + TimeSpan.FromMilliseconds(100)))
                {
                    failures.Add($"{registration.Name}: the flush did not finish within {bound.TotalSeconds:0.#} s.");
                }
            }
            catch (Exception ex)
            {
                failures.Add($"{registration.Name}: the flush failed: {(ex as AggregateException)?.InnerException?.Message ?? ex.Message}");
            }
            try
            {
                registration.Close();
            }
            catch (Exception ex)
            {
                failures.Add($"{registration.Name}: {ex.Message}");
            }
        }
        return failures;
    }

    private sealed class Registration : IDisposable
    {
        private readonly ObjectRegistry _registry;
        private readonly Action _dispose;
        private int _disposed;

        public Registration(ObjectRegistry registry, long key, Guid owner, string name, Func<CancellationToken, Task> flush, Action dispose)
        {
            _registry = registry;
            Key = key;
            Owner = owner;
            Name = name;
            Flush = flush;
            _dispose = dispose;
        }

        public long Key { get; }

        public Guid Owner { get; }

        public string Name { get; }

        public Func<CancellationToken, Task> Flush { get; }

        /// <summary>Unregisters (the object's owner closed it itself).</summary>
        public void Dispose() => _registry._items.TryRemove(Key, out _);

        /// <summary>Disposes the object, once.</summary>
        public void Close()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                _dispose();
            }
        }
    }
}
