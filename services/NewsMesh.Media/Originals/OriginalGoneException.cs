namespace NewsMesh.Media.Originals;

/// <summary>The original was deleted (its last media went) while something was being made from it.</summary>
public sealed class OriginalGoneException(string sha256) : Exception($"The original {sha256} has been deleted.");
