namespace NewsMesh.Aip.Paging;

public static class PageSize
{
    public const int Default = 20;
    public const int Max = 100;

    /// <summary>AIP-158: 0 means the default, anything over the maximum is lowered to it; negative is the caller's error (null).</summary>
    public static int? Resolve(int requested) => requested switch
    {
        < 0 => null,
        0 => Default,
        > Max => Max,
        _ => requested,
    };
}
