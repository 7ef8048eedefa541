using NewsMesh.ServiceDefaults;
using NewsMesh.Webhooks;

// Settings are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("newsmesh-webhooks");
builder.AddWebhooks();

var app = builder.Build();
app.MapServiceDefaults();
app.MapWebhooks();
app.Run();
