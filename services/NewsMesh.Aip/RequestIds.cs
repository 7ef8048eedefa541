namespace NewsMesh.Aip;

/// <summary>AIP-155 request ids: a UUID the client makes once per create and sends again on every retry of it.</summary>
public static class RequestIds
{
    /// <summary>The id in one canonical form (so any spelling of a UUID is one request), "" when none was sent; a violation naming <paramref name="field"/> when it is not a UUID.</summary>
    public static string Read(string value, string field, List<FieldViolation> violations)
    {
        if (value.Length == 0)
        {
            return "";
        }
        if (Guid.TryParse(value, out var id))
        {
            return id.ToString("D");
        }
        violations.Add(new FieldViolation(field, "must be a UUID"));
        return "";
    }
}
