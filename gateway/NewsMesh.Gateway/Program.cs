using NewsMesh.Gateway;
using NewsMesh.ServiceDefaults;

// Settings are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("newsmesh-gateway");
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();
