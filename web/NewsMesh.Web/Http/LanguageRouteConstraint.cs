using NewsMesh.Web.Rendering;

namespace NewsMesh.Web.Http;

/// <summary>A route segment that is a language tag the site can write dates in (<c>en</c>, <c>pt-BR</c>, <c>ar</c>).</summary>
public sealed class LanguageRouteConstraint : IRouteConstraint
{
    public const string Name = "language";

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && PageLanguage.Parse(value as string) is not null;
}
