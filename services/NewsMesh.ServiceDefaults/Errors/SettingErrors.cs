using Microsoft.Extensions.Options;

namespace NewsMesh.ServiceDefaults.Errors;

/// <summary>
/// A setting that fails its check (<c>ValidateOnStart</c>, or an options value read while mapping) ends the process
/// with one line per failure, naming the setting and what it must be, and exit code 1: what an operator needs, and
/// not an unhandled-exception stack trace with the runtime's abort code (134).
/// </summary>
public static class SettingErrors
{
    private static int _installed;

    public static void ExitOnBadSettings(string serviceName)
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (Unwrap(e.ExceptionObject as Exception) is { } invalid)
            {
                foreach (var failure in invalid.Failures)
                {
                    Console.Error.WriteLine($"{serviceName}: bad setting: {failure}");
                }
                Console.Error.Flush();
                Environment.Exit(1);
            }
        };
    }

    private static OptionsValidationException? Unwrap(Exception? e) => e switch
    {
        OptionsValidationException invalid => invalid,
        AggregateException aggregate => aggregate.InnerExceptions.Select(Unwrap).FirstOrDefault(i => i is not null),
        { InnerException: { } inner } => Unwrap(inner),
        _ => null,
    };
}
