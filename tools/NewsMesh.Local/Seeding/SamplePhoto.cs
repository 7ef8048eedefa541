namespace NewsMesh.Local.Seeding;

/// <summary>
/// A photo of SampleContent/media.json: what it says about itself, its licence (the usage terms; whether it is for
/// editorial use only; when it ends, in days from seeding, negative for one that has already ended), and the scene
/// the seeder paints.
/// </summary>
public sealed record SamplePhoto(
    string Key,
    IReadOnlyList<string> Sections,
    string Caption,
    string Credit,
    string AltText,
    string? SourceAgency,
    string Rights,
    DateTimeOffset? FilePhotoDate,
    SampleFocus Focal,
    SampleScene Scene,
    bool EditorialOnly = false,
    int? RightsEndInDays = null);

public sealed record SampleFocus(double X, double Y);

/// <summary>
/// The layers of a painted scene, back to front; every part but the sky is optional. Positions and sizes are
/// fractions of the picture's width and height; colours are <c>#rrggbb</c>.
/// </summary>
public sealed record SampleScene(
    IReadOnlyList<string> Sky,
    SampleSun? Sun = null,
    int Stars = 0,
    IReadOnlyList<SampleRidge>? Ridges = null,
    SampleWater? Water = null,
    SampleBuildings? Buildings = null,
    SampleDome? Dome = null,
    bool Stadium = false,
    int Boats = 0,
    int Cranes = 0,
    int Turbines = 0,
    int Trees = 0,
    int Lights = 0);

public sealed record SampleSun(double X, double Y, double R, string Color);

public sealed record SampleRidge(string Color, double Base, double Rough, bool Snow = false);

public sealed record SampleWater(double Top, string Color);

public sealed record SampleBuildings(double Base, int Count, double MinHeight, double MaxHeight, bool Lit, IReadOnlyList<string> Palette);

public sealed record SampleDome(double X, double Y, double R);
