using NewsMesh.Media;
using NewsMesh.ServiceDefaults;

// Settings are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("newsmesh-media");
builder.AddMedia();

var app = builder.Build();
app.MapServiceDefaults();
app.MapMedia();
app.Run();
