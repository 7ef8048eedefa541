using System.Globalization;
using System.Security;
using System.Text;

namespace NewsMesh.Bench;

/// <summary>
/// The report's chart: for each load scenario, its throughput and its p99 as two bars side by side, each on a
/// logarithmic scale up to the largest of its kind in the run (they span four orders of magnitude, from uploads
/// that make 32 renditions to pre-serialised bytes), so the cost of each hop can be taken in at a glance. An
/// interleaved row also has a line from its slowest round to its fastest: its spread.
/// </summary>
public static class Chart
{
    private const int Row = 26;
    private const int Label = 230;
    private const int Bar = 300;
    private const int Gap = 40;

    public static string Svg(IReadOnlyList<ScenarioResult> scenarios)
    {
        var maxRate = Math.Log10(1 + scenarios.Max(s => s.Load.RequestsPerSecond));
        var maxP99 = Math.Log10(1 + scenarios.Where(s => !double.IsNaN(s.Load.P99Ms)).Max(s => s.Load.P99Ms));
        var width = Label + 2 * (Bar + Gap) + 40;
        var height = 50 + Row * scenarios.Count;
        var svg = new StringBuilder();
        void Add(FormattableString text) => svg.AppendLine(text.ToString(CultureInfo.InvariantCulture));

        Add($"""<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">""");
        Add($"""<rect width="{width}" height="{height}" fill="white"/>""");
        Add($"""<text x="{Label}" y="20" font-weight="bold">requests/s, log scale (longer is better)</text>""");
        Add($"""<text x="{Label + Bar + Gap}" y="20" font-weight="bold">p99 ms, log scale (shorter is better)</text>""");
        for (var i = 0; i < scenarios.Count; i++)
        {
            var load = scenarios[i].Load;
            var y = 34 + i * Row;
            var rate = Bar * Math.Log10(1 + load.RequestsPerSecond) / maxRate;
            var p99 = double.IsNaN(load.P99Ms) ? 0 : Bar * Math.Log10(1 + load.P99Ms) / maxP99;
            Add($"""<text x="{Label - 8}" y="{y + 14}" text-anchor="end">{SecurityElement.Escape(scenarios[i].Name)}</text>""");
            Add($"""<rect x="{Label}" y="{y}" width="{rate:0.#}" height="{Row - 8}" fill="#3b6ea5"/>""");
            var label = Label + rate + 4;
            if (scenarios[i].Slices is { Count: > 1 } slices)
            {
                double low = Bar * Math.Log10(1 + slices.Min(l => l.RequestsPerSecond)) / maxRate, high = Bar * Math.Log10(1 + slices.Max(l => l.RequestsPerSecond)) / maxRate;
                Add($"""<line x1="{Label + low:0.#}" x2="{Label + high:0.#}" y1="{y + (Row - 8) / 2}" y2="{y + (Row - 8) / 2}" stroke="black" stroke-width="2"/>""");
                label = Math.Max(label, Label + high + 4);
            }
            Add($"""<text x="{label:0.#}" y="{y + 14}">{load.RequestsPerSecond:N0}</text>""");
            Add($"""<rect x="{Label + Bar + Gap}" y="{y}" width="{p99:0.#}" height="{Row - 8}" fill="#d9822b"/>""");
            Add($"""<text x="{Label + Bar + Gap + p99 + 4:0.#}" y="{y + 14}">{(double.IsNaN(load.P99Ms) ? "n/a" : load.P99Ms.ToString("0.0", CultureInfo.InvariantCulture))}</text>""");
        }
        Add($"</svg>");
        return svg.ToString();
    }
}
