using Google.Protobuf.WellKnownTypes;
using NewsMesh.Media.Domain;
using MediaResource = NewsMesh.Contracts.Media.V1.Media;

namespace NewsMesh.Media.Tests.Domain;

public sealed class MediaRulesTests
{
    [Fact]
    public void Editable_KeepsWhatPeopleWrite_DropsWhatTheServiceSets()
    {
        var sent = new MediaResource
        {
            Name = "media/chosen-by-the-client",
            Caption = "Boats at dawn.",
            Credit = "Photo: A. Ruiz",
            AltText = "Boats on calm water.",
            Revision = 7,
            Etag = "r7",
            CreateTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch),
            Original = new() { Sha256 = "forged" },
        };

        var kept = MediaRules.Editable(sent);

        Assert.Equal(new MediaResource { Caption = "Boats at dawn.", Credit = "Photo: A. Ruiz", AltText = "Boats on calm water." }, kept);
    }
}
