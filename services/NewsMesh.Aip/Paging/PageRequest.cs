namespace NewsMesh.Aip.Paging;

/// <summary>A List request's page (AIP-158): its size, and where it starts when a token was sent.</summary>
public sealed record PageRequest(int Size, ListCursor? After)
{
    /// <summary>
    /// Reads <paramref name="pageSize"/> and <paramref name="pageToken"/>, which must have been issued for the same
    /// <paramref name="filter"/>; each bad one adds a violation, and the page read is then not to be used.
    /// </summary>
    public static PageRequest Read(int pageSize, string pageToken, string filter, PageTokens tokens, List<FieldViolation> violations)
    {
        var size = PageSize.Resolve(pageSize);
        if (size is null)
        {
            violations.Add(new FieldViolation("page_size", "must not be negative"));
        }
        ListCursor? after = null;
        if (pageToken.Length > 0 && (after = tokens.Read(pageToken, filter)) is null)
        {
            violations.Add(new FieldViolation("page_token", "was not issued by this service for this filter; start again without it"));
        }
        return new PageRequest(size ?? PageSize.Default, after);
    }
}
