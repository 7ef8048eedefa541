namespace NewsMesh.Gateway.Tests;

/// <summary>
/// The gateway tests start a dozen processes between them and two of them time answers to the second; they run
/// one class at a time, so one class's start-up does not slow another's measurement.
/// </summary>
[CollectionDefinition(Name)]
public sealed class GatewayProcesses
{
    public const string Name = "gateway processes";
}
