using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using NewsMesh.Testing;

namespace NewsMesh.Webhooks.Tests;

/// <summary>What the receiver does with one request: answer a status (and a Location), drop the connection, or stall.</summary>
public sealed record Answer(int Status = 204, string? Location = null, bool Drop = false, TimeSpan Stall = default)
{
    public static readonly Answer Ok = new();
}

/// <summary>One request as the receiver saw it, and what it answered.</summary>
public sealed record Received(string Path, string Id, string Timestamp, string Signature, byte[] Body, Answer Answer)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public string Resource => Json.GetProperty("data").GetProperty("resource").GetString()!;

    public string Type => Json.GetProperty("type").GetString()!;

    public long Sequence => long.Parse(Json.GetProperty("data").GetProperty("sequence").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public long Revision => long.Parse(Json.GetProperty("data").GetProperty("revision").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public bool Accepted => Answer is { Drop: false, Stall.Ticks: 0, Status: >= 200 and < 300 };

    /// <summary>
    /// Checks the Standard Webhooks signature the way a receiver's library does, written out here rather than taken
    /// from the service: HMAC-SHA256 of id, timestamp and body joined by dots, under the secret's base64-decoded bytes.
    /// </summary>
    public bool SignedWith(string secret)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.").Concat(Body).ToArray();
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed));
        return Signature.Split(' ').Contains(expected, StringComparer.Ordinal);
    }
}

/// <summary>A webhook receiver on a loopback port, answering as <see cref="Answering"/> says; it can be stopped and started again on the same port.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<Received> _received = new();
    private WebApplication? _app;

    private Receiver(int port) => Port = port;

    public int Port { get; }

    /// <summary>Decides each answer from the request and the earlier requests with the same webhook-id.</summary>
    public Func<Received, int, Answer> Answering { get; set; } = (_, _) => Answer.Ok;

    public IReadOnlyList<Received> Requests => [.. _received];

    /// <summary>What was accepted, in arrival order, once per webhook-id (the first acceptance).</summary>
    public IReadOnlyList<Received> Delivered => [.. _received.Where(r => r.Accepted).DistinctBy(r => r.Id)];

    public string Url(string path = "/hooks") => $"http://127.0.0.1:{Port}{path}";

    public static async Task<Receiver> StartAsync()
    {
        var receiver = new Receiver(FreePorts.Next());
        await receiver.StartAgainAsync();
        return receiver;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(Url(""));
        var app = builder.Build();
        app.MapPost("/{**path}", HandleAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops listening: deliveries then find the port closed.</summary>
    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        var headers = context.Request.Headers;
        var seen = new Received(context.Request.Path, headers["webhook-id"].ToString(), headers["webhook-timestamp"].ToString(),
            headers["webhook-signature"].ToString(), body.ToArray(), Answer.Ok);
        var earlier = _received.Count(r => r.Id == seen.Id);
        var answer = Answering(seen, earlier);
        _received.Enqueue(seen with { Answer = answer });
        if (answer.Drop)
        {
            context.Abort();
            return;
        }
        if (answer.Stall > TimeSpan.Zero)
        {
            await Task.Delay(answer.Stall, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }
        context.Response.StatusCode = answer.Status;
        if (answer.Location is not null)
        {
            context.Response.Headers.Location = answer.Location;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
