using NewsMesh.Articles;
using NewsMesh.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("newsmesh-articles");
builder.AddArticles();

var app = builder.Build();
app.MapServiceDefaults();
app.MapArticles();
app.Run();
