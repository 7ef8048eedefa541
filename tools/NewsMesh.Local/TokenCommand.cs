using System.Globalization;
using Microsoft.Extensions.Options;
using NewsMesh.ServiceDefaults.Identity;

namespace NewsMesh.Local;

/// <summary>
/// <c>token --role editor --sub alice [--role admin] [--lifetime 8h]</c>: prints a token for the local mesh and
/// nothing else on standard output, so that <c>TOKEN=$(… token …)</c> works. Mistakes go to standard error.
/// </summary>
public static class TokenCommand
{
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    public const string Usage =
        "usage: token --role reporter|editor|admin|service|partner [--role …] --sub SUBJECT [--lifetime 8h|30m|90s|HH:MM:SS]";

    public static int Run(IReadOnlyList<string> args, MeshOptions mesh, TextWriter output, TextWriter errors)
    {
        var roles = new List<string>();
        string? subject = null;
        var lifetime = DefaultLifetime;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null && Roles.Known.Contains(value):
                    roles.Add(value);
                    i++;
                    break;
                case "--sub" when value is { Length: > 0 }:
                    subject = value;
                    i++;
                    break;
                case "--lifetime" when value is not null && ParseLifetime(value) is { } parsed:
                    lifetime = parsed;
                    i++;
                    break;
                default:
                    errors.WriteLine($"token: cannot read '{args[i]}{(value is null ? "" : " " + value)}'.");
                    errors.WriteLine(Usage);
                    return 2;
            }
        }
        if (subject is null || roles.Count == 0)
        {
            errors.WriteLine("token: --sub and at least one --role are needed.");
            errors.WriteLine(Usage);
            return 2;
        }
        output.WriteLine(new LocalIdentity(Options.Create(mesh)).Token(subject, roles, lifetime));
        return 0;
    }

    /// <summary>8h, 30m, 90s or a TimeSpan; null outside one minute to seven days.</summary>
    public static TimeSpan? ParseLifetime(string text)
    {
        TimeSpan? parsed = text.Length > 1 && int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? text[^1] switch
            {
                'h' => TimeSpan.FromHours(n),
                'm' => TimeSpan.FromMinutes(n),
                's' => TimeSpan.FromSeconds(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            }
            : TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) ? span : null;
        return parsed is { } lifetime && lifetime >= TimeSpan.FromMinutes(1) && lifetime <= MaxLifetime ? lifetime : null;
    }
}
