using NewsMesh.Search;
using NewsMesh.ServiceDefaults;

// Settings are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("newsmesh-search");
builder.AddSearch();

var app = builder.Build();
app.MapServiceDefaults();
app.MapSearch();
app.Run();
