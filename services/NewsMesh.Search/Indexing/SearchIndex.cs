using System.Globalization;
using System.Collections.Concurrent;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace NewsMesh.Search.Indexing;

/// <summary>
/// The index on disk, with the feed positions it reflects stored in its own commits: a commit holds the documents and
/// the positions together, so after a crash the feeds are followed on from a position no later than what the index
/// holds, and what is indexed again replaces itself. Writes are serialised through <see cref="WriteAsync"/> (a
/// rebuild holds the gate for its whole run, so neither a change nor a refresh comes between its parts); searches read the
/// latest refreshed view, made at most <see cref="SearchOptions.RefreshInterval"/> after a write.
/// </summary>
public sealed class SearchIndex : IDisposable
{
    private const string PositionPrefix = "feed.";
    private static readonly ISet<string> IdOnly = new HashSet<string>(StringComparer.Ordinal) { IndexFields.Id };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _positions = new(StringComparer.Ordinal);
    private readonly LuceneDirectory _directory;
    private readonly IndexWriter _writer;
    private readonly SearcherManager _searchers;
    private volatile bool _changed;
    private volatile bool _uncommitted;
    private volatile bool _rebuilding;

    public SearchIndex(IOptions<SearchOptions> options, IConfiguration configuration, LanguageAnalyzers.FieldAnalyzer analyzer)
    {
        Path = options.Value.IndexDirectory is { Length: > 0 } configured
            ? System.IO.Path.GetFullPath(configured)
            : System.IO.Path.GetFullPath(System.IO.Path.Combine(configuration["Storage:DataDirectory"] ?? "data", "search-index"));
        _directory = FSDirectory.Open(new DirectoryInfo(Path));
        // A second process on the same folder fails here (the index's write lock): each replica keeps its own.
        _writer = new IndexWriter(_directory, new IndexWriterConfig(LanguageAnalyzers.Version, analyzer) { OpenMode = OpenMode.CREATE_OR_APPEND });
        foreach (var (key, value) in _writer.CommitData)
        {
            if (key.StartsWith(PositionPrefix, StringComparison.Ordinal))
            {
                _positions[key[PositionPrefix.Length..]] = value;
            }
        }
        _searchers = new SearcherManager(_writer, applyAllDeletes: true, searcherFactory: null);
    }

    public string Path { get; }

    /// <summary>Where the index is in <paramref name="feed"/> (as of its last commit, or later); null: never followed.</summary>
    public string? Position(string feed) => _positions.TryGetValue(feed, out var cursor) ? cursor : null;

    /// <summary>How many articles the index holds, as searches see it.</summary>
    public int Count => Search(searcher => searcher.IndexReader.NumDocs);

    /// <summary>Runs <paramref name="write"/> alone among writes; what it did is searchable at the next refresh and durable at the next commit.</summary>
    public async Task<T> WriteAsync<T>(Func<Writer, Task<T>> write, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            return await write(new Writer(this));
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task WriteAsync(Func<Writer, Task> write, CancellationToken ct) =>
        WriteAsync(async writer => { await write(writer); return true; }, ct);

    /// <summary>Runs <paramref name="search"/> on the latest refreshed view.</summary>
    public T Search<T>(Func<IndexSearcher, T> search)
    {
        var searcher = _searchers.Acquire();
        try
        {
            return search(searcher);
        }
        finally
        {
            _searchers.Release(searcher);
        }
    }

    /// <summary>
    /// Makes what was written searchable, beside the writes (Lucene's reader reopens alongside its writer); never
    /// while a rebuild is under way, so that it is shown whole.
    /// </summary>
    public void Refresh()
    {
        if (!_changed || _rebuilding)
        {
            return;
        }
        // Cleared first: a write during the refresh marks it again, for the next one.
        _changed = false;
        _searchers.MaybeRefreshBlocking();
    }

    /// <summary>Writes the documents and the positions to disk, together.</summary>
    public async Task CommitAsync(CancellationToken ct)
    {
        if (!_uncommitted)
        {
            return;
        }
        await _gate.WaitAsync(ct);
        try
        {
            CommitHeld();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void CommitHeld()
    {
        _uncommitted = false;
        _writer.SetCommitData(_positions.ToDictionary(p => PositionPrefix + p.Key, p => p.Value, StringComparer.Ordinal));
        _writer.Commit();
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_uncommitted)
            {
                CommitHeld();
            }
            _searchers.Dispose();
            _writer.Dispose();
            _directory.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>What may be done with the index while its gate is held.</summary>
    public sealed class Writer(SearchIndex index)
    {
        public void Put(string name, Document document)
        {
            index._writer.UpdateDocument(new Term(IndexFields.Id, name), document);
            index._changed = index._uncommitted = true;
        }

        public void Delete(string name)
        {
            index._writer.DeleteDocuments(new Term(IndexFields.Id, name));
            index._changed = index._uncommitted = true;
        }

        /// <summary>Every article of the last refreshed view with <paramref name="value"/> in <paramref name="field"/>, as indexed.</summary>
        public IReadOnlyList<byte[]> StoredArticles(string field, string value)
        {
            index._searchers.MaybeRefreshBlocking();
            return index.Search(searcher =>
            {
                var top = searcher.Search(new TermQuery(new Term(field, value)), Math.Max(1, searcher.IndexReader.MaxDoc));
                return top.ScoreDocs.Select(d => searcher.Doc(d.Doc).GetBinaryValue(IndexFields.Article).Bytes).ToList();
            });
        }

        public void SetPosition(string feed, string cursor)
        {
            index._positions[feed] = cursor;
            index._uncommitted = true;
        }

        /// <summary>Whether a rebuild is under way: until it ends, nothing written is shown.</summary>
        public bool Rebuilding
        {
            set => index._rebuilding = value;
        }

        /// <summary>The name of every article the index holds, with what was written so far.</summary>
        public IReadOnlyList<string> Names()
        {
            using var reader = DirectoryReader.Open(index._writer, applyAllDeletes: true);
            var names = new List<string>(reader.NumDocs);
            var live = MultiFields.GetLiveDocs(reader);
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                if (live is null || live.Get(doc))
                {
                    names.Add(reader.Document(doc, IdOnly).Get(IndexFields.Id, CultureInfo.InvariantCulture));
                }
            }
            return names;
        }

        /// <summary>Makes everything written so far searchable and durable at once.</summary>
        public void Publish()
        {
            index.CommitHeld();
            index._searchers.MaybeRefreshBlocking();
            index._changed = false;
        }
    }
}
