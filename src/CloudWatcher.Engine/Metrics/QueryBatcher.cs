using System.Text.RegularExpressions;

namespace CloudWatcher.Metrics;

/// <summary>
/// Gives queries their ids and cuts them into GetMetricData calls of at most 500 queries, keeping every expression
/// in the same call as the queries it refers to (closed id groups), in the order the queries were given.
/// </summary>
internal static class QueryBatcher
{
    public const int MaxQueriesPerCall = 500;

    private static readonly Regex IdPattern = new("^[a-z][a-zA-Z0-9_]*$", RegexOptions.CultureInvariant);
    private static readonly Regex Identifier = new(@"\b[a-z][a-zA-Z0-9_]*\b", RegexOptions.CultureInvariant);

    /// <summary>The queries with ids (given ones kept, others "q0", "q1", … avoiding them), in batches.</summary>
    public static IReadOnlyList<IReadOnlyList<MetricQuery>> Batch(IReadOnlyList<MetricQuery> queries)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var q in queries)
        {
            if (q.Id is null)
            {
                continue;
            }
            if (!IdPattern.IsMatch(q.Id))
            {
                throw new CloudWatcherException("InvalidQueryId", ErrorKind.InvalidInput,
                    $"The query id '{q.Id}' is not valid: it must start with a lowercase letter and hold only letters, digits and underscores.", q.Id);
            }
            if (!given.Add(q.Id))
            {
                throw new CloudWatcherException("InvalidQueryId", ErrorKind.InvalidInput, $"The query id '{q.Id}' is given twice; ids must be unique.", q.Id);
            }
        }
        var next = 0;
        var withIds = queries.Select(q =>
        {
            if (q.Id is not null)
            {
                return q;
            }
            string id;
            do
            {
                id = "q" + next++;
            }
            while (given.Contains(id));
            return q with { Id = id };
        }).ToList();

        // Union-find over references: an expression and every query it names belong to one group.
        var index = withIds.Select((q, i) => (q.Id!, i)).ToDictionary(p => p.Item1, p => p.i, StringComparer.Ordinal);
        var parent = Enumerable.Range(0, withIds.Count).ToArray();
        int Find(int i) => parent[i] == i ? i : parent[i] = Find(parent[i]);
        for (var i = 0; i < withIds.Count; i++)
        {
            if (withIds[i] is not ExpressionQuery expression)
            {
                continue;
            }
            foreach (Match m in Identifier.Matches(expression.Expression))
            {
                if (index.TryGetValue(m.Value, out var j) && j != i)
                {
                    parent[Find(i)] = Find(j);
                }
            }
        }
        var groups = withIds.Select((q, i) => (q, i)).GroupBy(x => Find(x.i)).Select(g => g.Select(x => x.q).ToList()).ToList();

        var batches = new List<List<MetricQuery>>();
        foreach (var group in groups)
        {
            if (group.Count > MaxQueriesPerCall)
            {
                throw new CloudWatcherException("TooManyQueries", ErrorKind.InvalidInput,
                    $"An expression and the queries it refers to come to {group.Count} queries; one GetMetricData call takes at most {MaxQueriesPerCall}.");
            }
            var batch = batches.FirstOrDefault(b => b.Count + group.Count <= MaxQueriesPerCall);
            if (batch is null)
            {
                batch = new List<MetricQuery>();
                batches.Add(batch);
            }
            batch.AddRange(group);
        }
        return batches;
    }
}
