namespace NewsMesh.Aip;

/// <summary>One bad field of a request: its path (<c>article.body[3].paragraph.text</c>) and what is wrong.</summary>
public sealed record FieldViolation(string Field, string Description);
