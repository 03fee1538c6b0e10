using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aggregator.Query;

/// <summary>
/// Writes the rows of an analyst query. A blob is written as Datasette writes one,
/// <c>{"$base64": true, "encoded": "…"}</c>, so that it cannot pass for text that happens to look like base64.
/// JSON has no Infinity: SQLite's infinite REALs (<c>select 1e999</c>)
/// are written as the strings <c>"Infinity"</c> and <c>"-Infinity"</c> (<c>"NaN"</c> cannot occur: SQLite
/// stores NaN as NULL), which .NET, JavaScript's <c>Number()</c> and Python's <c>float()</c> all read back.
/// </summary>
internal sealed class SqlRowsJson : JsonConverter<IReadOnlyList<object?[]>>
{
    public override IReadOnlyList<object?[]> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Analyst query rows are only written.");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<object?[]> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var row in value)
        {
            writer.WriteStartArray();
            foreach (var field in row)
            {
                WriteValue(writer, field, options);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case byte[] blob:
                writer.WriteStartObject();
                writer.WriteBoolean("$base64", true);
                writer.WriteBase64String("encoded", blob);
                writer.WriteEndObject();
                break;
            case double number when !double.IsFinite(number):
                writer.WriteStringValue(number.ToString(CultureInfo.InvariantCulture));
                break;
            default:
                JsonSerializer.Serialize(writer, value, options);
                break;
        }
    }
}
