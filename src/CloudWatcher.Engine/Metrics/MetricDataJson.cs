using System.Globalization;
using System.Text;
using System.Text.Json;
using CloudWatcher.Ports;

namespace CloudWatcher.Metrics;

/// <summary>A GetMetricData response page as JSON in the API's shape (MetricDataResults, NextToken, Messages), as boto3 shows it.</summary>
internal static class MetricDataJson
{
    public static string Serialize(GetMetricDataResult page)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("MetricDataResults");
            foreach (var r in page.Results)
            {
                json.WriteStartObject();
                json.WriteString("Id", r.Id);
                if (r.Label is not null) json.WriteString("Label", r.Label);
                json.WriteStartArray("Timestamps");
                foreach (var t in r.Timestamps) json.WriteStringValue(Time(t));
                json.WriteEndArray();
                json.WriteStartArray("Values");
                foreach (var v in r.Values) json.WriteNumberValue(v);
                json.WriteEndArray();
                json.WriteString("StatusCode", r.StatusCode);
                WriteMessages(json, r.Messages);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            if (page.NextToken is not null) json.WriteString("NextToken", page.NextToken);
            WriteMessages(json, page.Messages);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static void WriteMessages(Utf8JsonWriter json, IReadOnlyList<MetricMessage> messages)
    {
        json.WriteStartArray("Messages");
        foreach (var m in messages)
        {
            json.WriteStartObject();
            json.WriteString("Code", m.Code);
            json.WriteString("Value", m.Value);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    /// <summary>How exported files write a time: ISO 8601 in UTC, to the second.</summary>
    internal const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    internal static string Time(DateTime t) => CloudWatcher.Time.TimeRange.ToUtc(t).ToString(TimeFormat, CultureInfo.InvariantCulture);
}
