using System.Text;
using System.Text.Json;
using CloudWatcher.Emulator.Protocol;

namespace CloudWatcher.Emulator.Logs;

/// <summary>
/// PutLogEvents with the limits of the current API reference: 1 to 10,000 events; a batch of at most 1,048,576 bytes
/// counted as the UTF-8 bytes of the messages plus 26 per event, and no event over that either; no empty message;
/// chronological order; events more than 14 days old, older than the group's retention, or more than 2 hours ahead
/// rejected by index (tooOldLogEventEndIndex, expiredLogEventEndIndex, tooNewLogEventStartIndex) and not stored, the
/// rest stored; the events that are not too old or too new spanning at most 24 hours. Stored events in Embedded Metric
/// Format publish their metrics (<see cref="EmfExtractor"/>).
/// </summary>
internal sealed partial class LogsHandler
{
    /// <summary>The most bytes a batch (and so one event) may count: UTF-8 message bytes + <see cref="EventOverhead"/> each.</summary>
    internal const int MaxBatchBytes = 1_048_576;
    internal const int EventOverhead = 26;
    internal const int MaxBatchEvents = 10_000;

    private void PutLogEvents(JsonArgs a, Utf8JsonWriter w)
    {
        string groupName = a.Required("logGroupName");
        string streamName = a.Required("logStreamName");
        ValidateGroupName(groupName);
        ValidateStreamName(streamName);
        var arr = a.Array("logEvents")
            ?? throw JsonArgs.Invalid("1 validation error detected: Value null at 'logEvents' failed to satisfy constraint: Member must not be null");

        var events = new List<(long Timestamp, string Message)>();
        long bytes = 0;
        foreach (var e in arr.EnumerateArray())
        {
            if (e.ValueKind != JsonValueKind.Object
                || !e.TryGetProperty("timestamp", out var tsEl) || !tsEl.TryGetInt64(out long ts)
                || !e.TryGetProperty("message", out var msgEl) || msgEl.ValueKind != JsonValueKind.String)
                throw JsonArgs.Invalid($"1 validation error detected: Value at 'logEvents.{events.Count + 1}' failed to satisfy constraint: timestamp and message are required");
            string msg = msgEl.GetString()!;
            if (msg.Length == 0)
                throw JsonArgs.Invalid($"1 validation error detected: Value '' at 'logEvents.{events.Count + 1}.member.message' failed to satisfy constraint: Member must have length greater than or equal to 1");
            long eventBytes = Encoding.UTF8.GetByteCount(msg) + EventOverhead;
            if (eventBytes > MaxBatchBytes)
                throw JsonArgs.Invalid($"Log event too large: {eventBytes} bytes exceeds limit of {MaxBatchBytes}");
            bytes += eventBytes;
            events.Add((ts, msg));
        }
        if (events.Count < 1 || events.Count > MaxBatchEvents)
            throw JsonArgs.Invalid($"1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length {(events.Count < 1 ? "greater than or equal to 1" : "less than or equal to 10000")}");
        if (bytes > MaxBatchBytes)
            throw JsonArgs.Invalid($"Upload too large: {bytes} bytes exceeds limit of {MaxBatchBytes}");
        for (int i = 1; i < events.Count; i++)
            if (events[i].Timestamp < events[i - 1].Timestamp)
                throw JsonArgs.Invalid("Log events in a single PutLogEvents request must be in chronological order.");

        long now = _store.NowMs;
        long oldest = now - 14 * DayMs, newest = now + 2 * 3600_000L;
        int tooOldEnd = -1, tooNewStart = -1;
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Timestamp < oldest) tooOldEnd = i;
            if (events[i].Timestamp > newest && tooNewStart < 0) tooNewStart = i;
        }
        int validFrom = tooOldEnd + 1, validTo = tooNewStart < 0 ? events.Count : tooNewStart;
        // The 24-hour span applies to the valid events (within 14 days back and 2 hours ahead), as the reference says.
        if (validFrom < validTo && events[validTo - 1].Timestamp - events[validFrom].Timestamp > DayMs)
            throw JsonArgs.Invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.");

        var g = _store.FindGroup(groupName) ?? throw GroupNotFound();
        var s = g.FindStream(streamName) ?? throw StreamNotFound();

        int expiredEnd = -1;
        if (g.RetentionCutoff(now) is { } cutoff)
            for (int i = validFrom; i < validTo && events[i].Timestamp < cutoff; i++) expiredEnd = i;
        int from = Math.Max(tooOldEnd, expiredEnd) + 1;
        var accepted = from < validTo ? events.GetRange(from, validTo - from) : new List<(long, string)>();
        string token = s.Append(accepted, now, _store.NextEventId);
        _emf?.Extract(accepted);

        w.WriteString("nextSequenceToken", token);
        if (tooOldEnd >= 0 || tooNewStart >= 0 || expiredEnd >= 0)
        {
            w.WriteStartObject("rejectedLogEventsInfo");
            if (tooNewStart >= 0) w.WriteNumber("tooNewLogEventStartIndex", tooNewStart);
            if (tooOldEnd >= 0) w.WriteNumber("tooOldLogEventEndIndex", tooOldEnd);
            if (expiredEnd >= 0) w.WriteNumber("expiredLogEventEndIndex", expiredEnd);
            w.WriteEndObject();
        }
    }
}
