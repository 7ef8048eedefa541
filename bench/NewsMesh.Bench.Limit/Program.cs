using NewsMesh.Bench.Limit;
using NewsMesh.ServiceDefaults;

// Settings are found next to the binary, wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults("newsmesh-bench-limit");
builder.AddLimit();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<LimitService>();
app.Run();
