namespace CloudWatcher.IO;

/// <summary>
/// The CSV conventions of every file CloudWatcher writes (RFC 4180 fields): a field that holds a comma, a double
/// quote, a carriage return or a line feed is put in double quotes, with its double quotes doubled; any other field is
/// written as it is. Rows end with "\n" (Import-Csv, Excel and Python's csv module all read that).
/// </summary>
public static class Csv
{
    private const string NeedsQuotes = ",\"\r\n";

    /// <summary>The field as it goes into a CSV row.</summary>
    public static string Quote(string field)
    {
        ArgumentNullException.ThrowIfNull(field);
        return field.AsSpan().IndexOfAny(NeedsQuotes) < 0 ? field : "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    /// <summary>Writes one field without allocating: as it is, or quoted with its quotes doubled.</summary>
    public static void WriteField(TextWriter writer, ReadOnlySpan<char> field)
    {
        if (field.IndexOfAny(NeedsQuotes) < 0)
        {
            writer.Write(field);
            return;
        }
        writer.Write('"');
        while (true)
        {
            var quote = field.IndexOf('"');
            if (quote < 0)
            {
                writer.Write(field);
                break;
            }
            writer.Write(field[..(quote + 1)]);
            writer.Write('"');
            field = field[(quote + 1)..];
        }
        writer.Write('"');
    }
}
