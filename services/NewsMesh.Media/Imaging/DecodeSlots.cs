using Microsoft.Extensions.Options;

namespace NewsMesh.Media.Imaging;

/// <summary>Lets at most <see cref="MediaOptions.MaxConcurrentDecodes"/> decodes run at once; the rest wait.</summary>
public sealed class DecodeSlots(IOptions<MediaOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentDecodes);

    public async Task<T> RunAsync<T>(Func<T> decode, CancellationToken ct)
    {
        await _slots.WaitAsync(ct);
        try
        {
            return decode();
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
