using Google.Protobuf;

namespace NewsMesh.Testing;

public static class MessageExtensions
{
    /// <summary>The message after <paramref name="change"/>: a test's message built in one expression.</summary>
    public static T Also<T>(this T message, Action<T> change) where T : IMessage
    {
        change(message);
        return message;
    }
}
