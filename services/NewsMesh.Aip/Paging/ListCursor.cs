namespace NewsMesh.Aip.Paging;

/// <summary>Where a page ended: the list key (a sort value and the id) of its last item. The next page starts strictly after it.</summary>
public sealed record ListCursor(long ListTime, string Id);
