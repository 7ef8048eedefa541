using Google.Protobuf.WellKnownTypes;
using NewsMesh.Contracts.Article.V1;
using NewsMesh.ServiceDefaults.Errors;

namespace NewsMesh.Articles.Domain;

/// <summary>Which fields an update may change (AIP-134), and applying those fields to the stored article.</summary>
public static class ArticleUpdateMask
{
    public static readonly IReadOnlySet<string> Mutable = new HashSet<string>(StringComparer.Ordinal)
    {
        "slug", "language_code", "translation_group", "section", "label", "headline", "summary", "dateline",
        "body", "lead_media", "bylines", "subjects", "display_time", "embargo_time",
    };

    public static readonly IReadOnlySet<string> OutputOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "name", "previous_slugs", "state", "publish_time", "first_publish_time", "create_time", "update_time",
        "delete_time", "corrections", "revision", "etag",
    };

    /// <summary>
    /// The top-level fields to copy, or violations. No mask means the fields set in <paramref name="patch"/>;
    /// <c>*</c> means every mutable field.
    /// </summary>
    public static (IReadOnlyList<string> Paths, IReadOnlyList<FieldViolation> Violations) Resolve(FieldMask? mask, Article patch)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return (Mutable.Where(path => IsSet(patch, path)).ToList(), []);
        }
        if (mask.Paths is [ "*" ])
        {
            return (Mutable.ToList(), []);
        }

        var violations = new List<FieldViolation>();
        var paths = new List<string>();
        foreach (var path in mask.Paths)
        {
            if (OutputOnly.Contains(path))
            {
                violations.Add(new FieldViolation("update_mask", $"{path} is output only and cannot be updated"));
            }
            else if (!Mutable.Contains(path))
            {
                violations.Add(new FieldViolation("update_mask", $"{path} is not a field that can be updated; whole top-level fields only"));
            }
            else if (!paths.Contains(path))
            {
                paths.Add(path);
            }
        }
        return (paths, violations);
    }

    /// <summary>A copy of <paramref name="current"/> with <paramref name="paths"/> taken from <paramref name="patch"/>.</summary>
    public static Article Apply(Article current, Article patch, IEnumerable<string> paths)
    {
        var next = current.Clone();
        foreach (var path in paths)
        {
            var field = Article.Descriptor.FindFieldByName(path);
            var value = field.Accessor.GetValue(patch);
            if (field.IsRepeated)
            {
                field.Accessor.Clear(next);
                var target = (System.Collections.IList)field.Accessor.GetValue(next);
                foreach (var item in (System.Collections.IEnumerable)value)
                {
                    target.Add(item);
                }
            }
            else if (value is null)
            {
                field.Accessor.Clear(next);
            }
            else
            {
                field.Accessor.SetValue(next, value);
            }
        }
        return next;
    }

    private static bool IsSet(Article patch, string path)
    {
        var field = Article.Descriptor.FindFieldByName(path);
        return field.Accessor.GetValue(patch) switch
        {
            null => false,
            string s => s.Length > 0,
            System.Collections.ICollection c => c.Count > 0,
            _ => true,
        };
    }
}
