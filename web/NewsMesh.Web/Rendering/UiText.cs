namespace NewsMesh.Web.Rendering;

/// <summary>
/// The words of the site itself (links, headings, notices) in one language. Languages without their own set are
/// shown the English one, marked <c>lang="en"</c> where it is written, so that a screen reader says it as English.
/// </summary>
public sealed record UiText
{
    public required string Language { get; init; }
    public required string SkipToMain { get; init; }
    public required string SkipToNavigation { get; init; }
    public required string SkipToSearch { get; init; }
    public required string Sections { get; init; }
    public required string Home { get; init; }
    public required string Latest { get; init; }
    public required string Search { get; init; }
    public required string SearchLabel { get; init; }
    public required string Published { get; init; }
    public required string Updated { get; init; }
    public required string By { get; init; }
    public required string Corrections { get; init; }
    public required string Correction { get; init; }
    public required string Clarification { get; init; }
    public required string EditorsNote { get; init; }
    public required string Retraction { get; init; }
    public required string RetractedNotice { get; init; }
    public required string OtherLanguages { get; init; }
    public required string Behind { get; init; }
    public required string NotFoundTitle { get; init; }
    public required string NotFoundText { get; init; }
    public required string UnavailableTitle { get; init; }
    public required string UnavailableText { get; init; }
    public required string NextPage { get; init; }
    public required string ResultsFormat { get; init; }
    public required string NoResults { get; init; }
    public required string QueryTooLong { get; init; }
    public required string Languages { get; init; }
    public required string LatestBy { get; init; }
    public required string Preview { get; init; }
    public required string EmbeddedContent { get; init; }
    public required string Feed { get; init; }
    public required IReadOnlyDictionary<string, string> SectionNames { get; init; }

    private static readonly UiText English = new()
    {
        Language = "en",
        SkipToMain = "Skip to main content",
        SkipToNavigation = "Skip to navigation",
        SkipToSearch = "Skip to search",
        Sections = "Sections",
        Home = "Home",
        Latest = "Latest stories",
        Search = "Search",
        SearchLabel = "Search the news",
        Published = "Published",
        Updated = "Updated",
        By = "By",
        Corrections = "Corrections and clarifications",
        Correction = "Correction",
        Clarification = "Clarification",
        EditorsNote = "Editor's note",
        Retraction = "Retraction",
        RetractedNotice = "This article has been retracted.",
        OtherLanguages = "Read in other languages",
        Behind = "not yet updated with the latest changes",
        NotFoundTitle = "Page not found",
        NotFoundText = "There is no page at this address. It may have moved, or it may never have existed.",
        UnavailableTitle = "Temporarily unavailable",
        UnavailableText = "The news cannot be reached just now. Please try again in a moment.",
        NextPage = "More stories",
        ResultsFormat = "{0} results",
        NoResults = "No stories match your search.",
        QueryTooLong = "Your search is too long: at most 500 characters.",
        Languages = "Languages",
        LatestBy = "Latest stories",
        Preview = "Preview: this page is not published and is visible only through this link.",
        EmbeddedContent = "Embedded content",
        Feed = "Feed",
        SectionNames = new Dictionary<string, string>
        {
            ["world"] = "World", ["politics"] = "Politics", ["business"] = "Business", ["science"] = "Science",
            ["technology"] = "Technology", ["climate"] = "Climate", ["health"] = "Health", ["culture"] = "Culture",
            ["sport"] = "Sport",
        },
    };

    private static readonly Dictionary<string, UiText> ByLanguage = new Dictionary<string, UiText>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = English,
        ["fr"] = English with
        {
            Language = "fr",
            SkipToMain = "Aller au contenu principal",
            SkipToNavigation = "Aller à la navigation",
            SkipToSearch = "Aller à la recherche",
            Sections = "Rubriques",
            Home = "Accueil",
            Latest = "Dernières informations",
            Search = "Rechercher",
            SearchLabel = "Rechercher dans l'actualité",
            Published = "Publié le",
            Updated = "Mis à jour le",
            By = "Par",
            Corrections = "Corrections et précisions",
            Correction = "Correction",
            Clarification = "Précision",
            EditorsNote = "Note de la rédaction",
            Retraction = "Retrait",
            RetractedNotice = "Cet article a été retiré.",
            OtherLanguages = "Lire dans d'autres langues",
            Behind = "pas encore mis à jour des derniers changements",
            NotFoundTitle = "Page introuvable",
            NotFoundText = "Il n'y a aucune page à cette adresse. Elle a peut-être été déplacée, ou n'a jamais existé.",
            UnavailableTitle = "Momentanément indisponible",
            UnavailableText = "L'actualité ne peut pas être affichée pour le moment. Réessayez dans un instant.",
            NextPage = "Plus d'articles",
            ResultsFormat = "{0} résultats",
            NoResults = "Aucun article ne correspond à votre recherche.",
            QueryTooLong = "Votre recherche est trop longue : 500 caractères au plus.",
            Languages = "Langues",
            LatestBy = "Derniers articles",
            Preview = "Aperçu : cette page n'est pas publiée et n'est visible que par ce lien.",
            EmbeddedContent = "Contenu intégré",
            Feed = "Flux",
            SectionNames = new Dictionary<string, string>
            {
                ["world"] = "Monde", ["politics"] = "Politique", ["business"] = "Économie", ["science"] = "Sciences",
                ["technology"] = "Technologie", ["climate"] = "Climat", ["health"] = "Santé", ["culture"] = "Culture",
                ["sport"] = "Sport",
            },
        },
        ["es"] = English with
        {
            Language = "es",
            SkipToMain = "Ir al contenido principal",
            SkipToNavigation = "Ir a la navegación",
            SkipToSearch = "Ir a la búsqueda",
            Sections = "Secciones",
            Home = "Portada",
            Latest = "Últimas noticias",
            Search = "Buscar",
            SearchLabel = "Buscar en las noticias",
            Published = "Publicado",
            Updated = "Actualizado",
            By = "Por",
            Corrections = "Correcciones y aclaraciones",
            Correction = "Corrección",
            Clarification = "Aclaración",
            EditorsNote = "Nota del editor",
            Retraction = "Retractación",
            RetractedNotice = "Este artículo ha sido retirado.",
            OtherLanguages = "Leer en otros idiomas",
            Behind = "aún no actualizada con los últimos cambios",
            NotFoundTitle = "Página no encontrada",
            NotFoundText = "No hay ninguna página en esta dirección. Puede que se haya movido o que nunca haya existido.",
            UnavailableTitle = "No disponible por el momento",
            UnavailableText = "Las noticias no se pueden mostrar ahora. Inténtelo de nuevo en un momento.",
            NextPage = "Más noticias",
            ResultsFormat = "{0} resultados",
            NoResults = "Ninguna noticia coincide con su búsqueda.",
            QueryTooLong = "Su búsqueda es demasiado larga: 500 caracteres como máximo.",
            Languages = "Idiomas",
            LatestBy = "Últimos artículos",
            Preview = "Vista previa: esta página no está publicada y solo es visible con este enlace.",
            EmbeddedContent = "Contenido insertado",
            Feed = "Fuente",
            SectionNames = new Dictionary<string, string>
            {
                ["world"] = "Internacional", ["politics"] = "Política", ["business"] = "Economía", ["science"] = "Ciencia",
                ["technology"] = "Tecnología", ["climate"] = "Clima", ["health"] = "Salud", ["culture"] = "Cultura",
                ["sport"] = "Deportes",
            },
        },
        ["ar"] = English with
        {
            Language = "ar",
            SkipToMain = "انتقل إلى المحتوى الرئيسي",
            SkipToNavigation = "انتقل إلى التصفح",
            SkipToSearch = "انتقل إلى البحث",
            Sections = "الأقسام",
            Home = "الرئيسية",
            Latest = "آخر الأخبار",
            Search = "بحث",
            SearchLabel = "ابحث في الأخبار",
            Published = "نُشر في",
            Updated = "حُدّث في",
            By = "بقلم",
            Corrections = "تصحيحات وتوضيحات",
            Correction = "تصحيح",
            Clarification = "توضيح",
            EditorsNote = "ملاحظة المحرر",
            Retraction = "سحب",
            RetractedNotice = "سُحب هذا المقال.",
            OtherLanguages = "اقرأ بلغات أخرى",
            Behind = "لم تُحدَّث بعد بآخر التغييرات",
            NotFoundTitle = "الصفحة غير موجودة",
            NotFoundText = "لا توجد صفحة على هذا العنوان. ربما نُقلت أو لم تكن موجودة أصلاً.",
            UnavailableTitle = "غير متاح مؤقتاً",
            UnavailableText = "لا يمكن عرض الأخبار الآن. يرجى المحاولة بعد قليل.",
            NextPage = "المزيد من الأخبار",
            ResultsFormat = "{0} نتيجة",
            NoResults = "لا توجد أخبار تطابق بحثك.",
            QueryTooLong = "بحثك طويل جداً: 500 حرف على الأكثر.",
            Languages = "اللغات",
            LatestBy = "أحدث المقالات",
            Preview = "معاينة: هذه الصفحة غير منشورة ولا تظهر إلا عبر هذا الرابط.",
            EmbeddedContent = "محتوى مضمّن",
            Feed = "خلاصة",
            SectionNames = new Dictionary<string, string>
            {
                ["world"] = "العالم", ["politics"] = "سياسة", ["business"] = "اقتصاد", ["science"] = "علوم",
                ["technology"] = "تكنولوجيا", ["climate"] = "مناخ", ["health"] = "صحة", ["culture"] = "ثقافة",
                ["sport"] = "رياضة",
            },
        },
    };

    /// <summary>The site's words for a page in <paramref name="language"/>: its own set, or its base language's, or English.</summary>
    public static UiText For(string language) =>
        ByLanguage.TryGetValue(language, out var text) ? text
        : ByLanguage.TryGetValue(language.Split('-')[0], out var parent) ? parent
        : English;

    /// <summary>A section's name in these words, or its identifier when they have none for it.</summary>
    public string SectionName(string section) => SectionNames.TryGetValue(section, out var name) ? name : section;
}
