namespace NewsMesh.Articles.Paging;

/// <summary>Where a page ended: the list key of its last article. The next page starts strictly after it.</summary>
public sealed record ListCursor(long ListTime, string Id);
