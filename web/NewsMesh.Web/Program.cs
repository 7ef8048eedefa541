using NewsMesh.Web;

// Settings and the stylesheet are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});
builder.AddWebFront();

var app = builder.Build();
app.MapWebFront();
app.Run();
