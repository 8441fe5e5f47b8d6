using System.Diagnostics;
using CloudWatcher.Diagnostics;
using CloudWatcher.IO;
using CloudWatcher.Ports;

namespace CloudWatcher.Logs.Export;

/// <summary>What to export: the planned queries (read in turn, as Get-CwLog reads them), the file and its format.</summary>
public sealed record LogExportRequest(IReadOnlyList<LogQuery> Queries, string Path, LogExportFormat Format)
{
    /// <summary>Replace a file that exists already.</summary>
    public bool Overwrite { get; init; }

    /// <summary>At most this many events per log group (Get-CwLog's -Limit).</summary>
    public long? LimitPerGroup { get; init; }
}

/// <summary>
/// Writes log events from the reader straight into a file, with no object per event on the way other than the event
/// the reader parsed: pages are read one at a time (<see cref="LogReader"/>), each event is formatted into a buffered
/// UTF-8 stream (<see cref="LogEventFileWriter"/>) of a temporary file in the target's folder, and that file replaces
/// the target only when every event is written (<see cref="AtomicFile"/>). A failure or a cancellation deletes the
/// temporary file and leaves the target untouched. Progress is reported per page read.
/// </summary>
public sealed class LogExporter
{
    private readonly ILogReadApi _api;
    private readonly IEngineSink _sink;

    public LogExporter(ILogReadApi api, IEngineSink? sink = null)
    {
        _api = api ?? throw new ArgumentNullException(nameof(api));
        _sink = sink ?? NullSink.Instance;
    }

    /// <summary>The format a file name asks for (.txt/.log, .jsonl/.ndjson, .csv), or null when its extension names none.</summary>
    public static LogExportFormat? FormatFromPath(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".txt" or ".log" => LogExportFormat.Text,
        ".jsonl" or ".ndjson" => LogExportFormat.JsonLines,
        ".csv" => LogExportFormat.Csv,
        _ => null,
    };

    /// <summary>The extensions <see cref="FormatFromPath"/> knows, for messages.</summary>
    public const string KnownExtensions = ".txt or .log (Text), .jsonl or .ndjson (JsonLines), .csv (Csv)";

    /// <summary>
    /// What the queries read, for -WhatIf and -Verbose: "/app/web (streams a, b; pattern ERROR), /app/db (all streams)".
    /// Long lists are cut after a few names.
    /// </summary>
    public static string Describe(IReadOnlyList<LogQuery> queries)
    {
        ArgumentNullException.ThrowIfNull(queries);
        if (queries.Count == 0)
        {
            return "no log group (nothing matched)";
        }
        var parts = queries.Take(MaxNamesShown).Select(q =>
        {
            var streams = q.LogStreamNames is { Count: > 0 } names
                ? (names.Count == 1 ? "stream " : "streams ") + List(names)
                : q.LogStreamNamePrefix is { } prefix ? $"streams starting with '{prefix}'" : "all streams";
            var details = q.FilterPattern is null ? streams : $"{streams}; pattern {q.FilterPattern}";
            return $"{q.LogGroupName} ({details})";
        });
        var text = string.Join(", ", parts);
        return queries.Count > MaxNamesShown ? $"{text} and {queries.Count - MaxNamesShown} more log groups" : text;
    }

    private const int MaxNamesShown = 5;

    private static string List(IReadOnlyList<string> names) =>
        names.Count > MaxNamesShown ? string.Join(", ", names.Take(MaxNamesShown)) + $" and {names.Count - MaxNamesShown} more" : string.Join(", ", names);

    public async Task<LogExportSummary> ExportAsync(LogExportRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var full = Path.GetFullPath(request.Path);
        var tally = new Tally();
        await AtomicFile.WriteAsync(full, request.Overwrite, async stream =>
        {
            using var writer = LogEventFileWriter.Create(request.Format, stream);
            foreach (var query in request.Queries)
            {
                await ExportQueryAsync(query, request.LimitPerGroup, writer, tally, Path.GetFileName(full), cancellationToken).ConfigureAwait(false);
            }
            writer.Flush();
            tally.Bytes = stream.Length;
        }).ConfigureAwait(false);
        if (tally.ProgressShown)
        {
            _sink.Progress(new ProgressReport(ProgressActivity.ExportingLogEvents, "Done", tally.Pages, Completed: true));
        }
        if (tally.Events == 0)
        {
            _sink.Warning($"No events matched; '{full}' was written without events. Check the group, streams, filter pattern and time range.");
        }
        return new LogExportSummary
        {
            Path = full,
            Format = request.Format,
            Events = tally.Events,
            Bytes = tally.Bytes,
            LogGroups = request.Queries.Count,
            Streams = tally.Streams,
            Elapsed = Stopwatch.GetElapsedTime(started),
        };
    }

    private async Task ExportQueryAsync(LogQuery query, long? limit, LogEventFileWriter writer, Tally tally, string fileName, CancellationToken cancellationToken)
    {
        var reader = new LogReader(_api, _sink);
        var streams = new HashSet<string>(StringComparer.Ordinal);
        string? lastStream = null;
        var pages = 0L;
        var options = new LogReaderOptions { Limit = limit, ReportProgress = false };
        await foreach (var logEvent in reader.ReadAsync(new[] { query }, options, null, cancellationToken).ConfigureAwait(false))
        {
            // A page of events is formatted without an await in between: look for Ctrl+C on every event.
            cancellationToken.ThrowIfCancellationRequested();
            writer.Write(logEvent);
            tally.Events++;
            // The reader shares one string per stream name a page, so most events skip the set.
            if (!ReferenceEquals(logEvent.LogStreamName, lastStream) && logEvent.LogStreamName is { } stream)
            {
                lastStream = stream;
                if (streams.Add(stream))
                {
                    tally.Streams++;
                }
            }
            if (reader.Status.Pages != pages)
            {
                tally.Pages += (int)(reader.Status.Pages - pages);
                pages = reader.Status.Pages;
                Report(tally, query.LogGroupName, fileName);
            }
        }
        tally.Pages += (int)(reader.Status.Pages - pages);
    }

    /// <summary>A report per page read; an export of one page is over before a bar is worth showing (IsWorthShowing).</summary>
    private void Report(Tally tally, string group, string fileName)
    {
        var report = new ProgressReport(ProgressActivity.ExportingLogEvents,
            $"{tally.Events:N0} events from {group} to {fileName} ({tally.Pages:N0} pages)", tally.Pages);
        tally.ProgressShown |= report.IsWorthShowing;
        _sink.Progress(report);
    }

    private sealed class Tally
    {
        public long Events;
        public long Bytes;
        public int Streams;
        public int Pages;
        public bool ProgressShown;
    }
}
