using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;

namespace NewsMesh.Articles.Caching;

/// <summary>Writes a protobuf message as its binary encoding (base64 in JSON), so Redis holds the article's protobuf bytes.</summary>
public sealed class ProtobufJsonConverter<T>(MessageParser<T> parser) : JsonConverter<T>
    where T : IMessage<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        parser.ParseFrom(reader.GetBytesFromBase64());

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteBase64StringValue(value.ToByteArray());
}
