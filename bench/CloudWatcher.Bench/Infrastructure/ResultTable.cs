using System.Globalization;
using System.Text;

namespace CloudWatcher.Bench.Infrastructure;

/// <summary>One line of the results table; Met is null when the row has no goal.</summary>
internal sealed record ResultRow(string Metric, string CloudWatcher, string RawOrPeer, string Ratio, string Goal, bool? Met);

/// <summary>The results table, the notes under it, and the RESULTS.md file.</summary>
internal sealed class ResultTable
{
    private readonly List<ResultRow> _rows = new();
    private readonly List<string> _notes = new();

    public IReadOnlyList<ResultRow> Rows => _rows;

    public void Add(ResultRow row) => _rows.Add(row);

    public void Note(string text) => _notes.Add(text);

    public IEnumerable<ResultRow> Missed => _rows.Where(r => r.Met == false);

    public string Markdown()
    {
        var sb = new StringBuilder();
        sb.AppendLine("| metric | CloudWatcher | raw/peer | ratio | goal | met? |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var r in _rows)
        {
            var met = r.Met switch { true => "yes", false => "**NO**", null => "—" };
            sb.AppendLine($"| {Cell(r.Metric)} | {Cell(r.CloudWatcher)} | {Cell(r.RawOrPeer)} | {Cell(r.Ratio)} | {Cell(r.Goal)} | {met} |");
        }
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    public string NotesMarkdown() => string.Concat(_notes.Select(n => "- " + n + Environment.NewLine));

    public void Write(string path, string command, DateTimeOffset started, TimeSpan duration, IReadOnlyList<(string Name, string Value)> machine)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# CloudWatcher benchmark results");
        sb.AppendLine();
        sb.AppendLine($"- Date: {started.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC (run took {duration.TotalSeconds:0} s)");
        sb.AppendLine($"- Command: `{command}`");
        foreach (var (name, value) in machine)
        {
            sb.AppendLine($"- {name}: {value}");
        }
        sb.AppendLine($"- Load average at end (1/5/15 min): {MachineFacts.LoadAverage()}");
        sb.AppendLine();
        sb.AppendLine("The emulator runs in the harness process on 127.0.0.1 with SigV4 verification on; CloudWatcher, the raw");
        sb.AppendLine("reader and the AWS CLI all read the same data from it, so ratios matter more than absolute figures.");
        sb.AppendLine();
        sb.Append(Markdown());
        sb.AppendLine();
        sb.AppendLine("## Notes and breakdowns");
        sb.AppendLine();
        sb.Append(NotesMarkdown());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, sb.ToString());
    }

    public static string Rate(double eventsPerSecond) => eventsPerSecond.ToString("N0", CultureInfo.InvariantCulture) + " ev/s";

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.0" : "N0", CultureInfo.InvariantCulture) + " ms";

    public static string X(double ratio) => double.IsFinite(ratio) ? ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×" : "—";

    public static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
