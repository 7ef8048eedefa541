namespace NewsMesh.Bench;

/// <summary>
/// Ranks 0..n-1 drawn with probability proportional to 1/(rank+1)^s: a few stories take most of the reads, as on a
/// news site. Drawing is a binary search in the cumulative distribution.
/// </summary>
public sealed class Zipf
{
    private readonly double[] _cumulative;

    public Zipf(int n, double s)
    {
        _cumulative = new double[n];
        var sum = 0.0;
        for (var rank = 0; rank < n; rank++)
        {
            sum += 1.0 / Math.Pow(rank + 1, s);
            _cumulative[rank] = sum;
        }
        for (var rank = 0; rank < n; rank++)
        {
            _cumulative[rank] /= sum;
        }
    }

    public int Next()
    {
        var index = Array.BinarySearch(_cumulative, Random.Shared.NextDouble());
        return Math.Min(index < 0 ? ~index : index, _cumulative.Length - 1);
    }

    /// <summary>The share of all draws that go to the <paramref name="top"/> most likely ranks.</summary>
    public double ShareOfTop(int top) => _cumulative[Math.Min(top, _cumulative.Length) - 1];
}
