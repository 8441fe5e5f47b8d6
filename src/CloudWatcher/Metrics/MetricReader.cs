using System.Runtime.CompilerServices;
using CloudWatcher.Api;

namespace CloudWatcher.Metrics;

/// <summary>
/// Reads series with GetMetricData in as few calls as the limits allow: up to 500 queries a call, every
/// NextToken page followed, results of one query id merged across pages.
/// </summary>
public sealed class MetricReader
{
    public const int MaxQueriesPerCall = 500;

    private readonly ICloudWatchApi _api;

    public MetricReader(ICloudWatchApi api) => _api = api;

    public async IAsyncEnumerable<MetricBatch> ReadAsync(
        IReadOnlyList<SeriesRequest> series,
        TimeRange range,
        bool keepRawResponses = false,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var s in series)
        {
            Periods.Validate(s.Period);
        }
        var labelled = SeriesBuilder.Label(series);
        var batchCount = (labelled.Count + MaxQueriesPerCall - 1) / MaxQueriesPerCall;
        for (var b = 0; b < batchCount; b++)
        {
            var batch = labelled.Skip(b * MaxQueriesPerCall).Take(MaxQueriesPerCall).ToList();
            // Ids must be unique in a call and start with a lowercase letter; presets share ids, so we make our own.
            var queries = batch.Select((s, i) => new MetricDataQuery($"q{b * MaxQueriesPerCall + i}", s.Metric, s.Period, s.Statistic)
            {
                Unit = s.UnitFilter,
                Label = s.Label,
            }).ToList();
            var request = new GetMetricDataRequest(queries, range.Start, range.End) { ScanAscending = true };

            var timestamps = queries.ToDictionary(q => q.Id, _ => new List<DateTime>());
            var values = queries.ToDictionary(q => q.Id, _ => new List<double>());
            var status = queries.ToDictionary(q => q.Id, _ => "Complete");
            var messages = queries.ToDictionary(q => q.Id, _ => new List<MetricMessage>());
            var warnings = new List<string>();
            var pages = keepRawResponses ? new List<GetMetricDataResult>() : null;
            var calls = 0;

            await foreach (var page in Paging.FollowAsync((token, ct) => _api.GetMetricDataAsync(request with { NextToken = token }, ct),
                               p => p.NextToken, cancellationToken).ConfigureAwait(false))
            {
                calls++;
                pages?.Add(page);
                foreach (var result in page.Results)
                {
                    if (!timestamps.TryGetValue(result.Id, out var ts))
                    {
                        warnings.Add($"GetMetricData returned a result for the unknown id '{result.Id}'; it is ignored.");
                        continue;
                    }
                    ts.AddRange(result.Timestamps);
                    values[result.Id].AddRange(result.Values);
                    status[result.Id] = result.StatusCode;
                    messages[result.Id].AddRange(result.Messages);
                }
                warnings.AddRange(page.Messages.Select(m => $"GetMetricData: {m.Code}: {m.Value}"));
            }

            var completed = new List<TimedMetric>(batch.Count);
            for (var i = 0; i < batch.Count; i++)
            {
                var id = queries[i].Id;
                var (sortedTimes, sortedValues) = SortAndDeduplicate(timestamps[id], values[id]);
                var metric = new TimedMetric(id, batch[i].Label!, batch[i].Metric, batch[i].Statistic, batch[i].Period,
                    batch[i].DisplayUnit ?? batch[i].UnitFilter, sortedTimes, sortedValues, status[id], messages[id],
                    range.Start, range.End, batch[i].PresetName, pages);
                if (metric.StatusCode != "Complete")
                {
                    warnings.Add($"'{metric.Label}': CloudWatch reported {metric.StatusCode}" +
                        (metric.Messages.Count > 0 ? ": " + string.Join("; ", metric.Messages.Select(m => $"{m.Code} {m.Value}")) : "") +
                        ". The series may be incomplete.");
                }
                else if (metric.Messages.Count > 0)
                {
                    warnings.Add($"'{metric.Label}': " + string.Join("; ", metric.Messages.Select(m => $"{m.Code} {m.Value}")));
                }
                completed.Add(metric);
            }
            yield return new MetricBatch(b + 1, batchCount, calls, completed, warnings);
        }
    }

    private static (IReadOnlyList<DateTime>, IReadOnlyList<double>) SortAndDeduplicate(List<DateTime> times, List<double> values)
    {
        var ordered = true;
        for (var i = 1; i < times.Count && ordered; i++)
        {
            ordered = times[i] > times[i - 1];
        }
        if (ordered)
        {
            return (times, values);
        }
        var pairs = times.Zip(values).GroupBy(p => p.First).Select(g => g.Last()).OrderBy(p => p.First).ToList();
        return (pairs.Select(p => p.First).ToList(), pairs.Select(p => p.Second).ToList());
    }
}
