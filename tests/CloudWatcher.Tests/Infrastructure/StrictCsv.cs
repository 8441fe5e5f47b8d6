using System.Text;

namespace CloudWatcher.Tests.Infrastructure;

/// <summary>A strict RFC 4180 reader for the tests (quoted fields may hold commas, quotes and line breaks).</summary>
internal static class StrictCsv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '"' && field.Length == 0)
            {
                i++;
                while (true)
                {
                    if (text[i] == '"' && i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i += 2;
                    }
                    else if (text[i] == '"')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        field.Append(text[i++]);
                    }
                }
                Assert.True(i == text.Length || text[i] is ',' or '\n', $"text after a closing quote at {i}");
                continue;
            }
            if (text[i] == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (text[i] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add(row.ToArray());
                row.Clear();
            }
            else
            {
                Assert.NotEqual('"', text[i]); // a quote inside an unquoted field breaks RFC 4180
                Assert.NotEqual('\r', text[i]);
                field.Append(text[i]);
            }
            i++;
        }
        Assert.Empty(row); // every row ends with "\n"
        return rows;
    }
}
