using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;
using Microsoft.AspNetCore.Routing;
using NewsMesh.Articles.Caching;
using NewsMesh.Contracts.Article.V1;

namespace NewsMesh.Articles.Grpc;

/// <summary>A ListArticles answer: a front's first page as the bytes it is kept as, or a response built from the database.</summary>
public sealed record EncodedList(byte[]? Front, ListArticlesResponse? Response);

/// <summary>
/// GetArticle, LookupArticle and ListArticles bound by hand for gRPC callers, with marshallers that write the bytes
/// an article is stored and cached as, so a hot read is never serialised again. The generated binding has no way to
/// answer with bytes, so these methods take the same paths and the generated gRPC endpoints are ranked below them
/// (<see cref="RankBelowEncoded"/>); the generated methods still serve JSON transcoding, from the same code.
/// Requests are parsed, and answers are byte for byte what serialising the message would give.
/// </summary>
public sealed class EncodedArticleMethods : IServiceMethodProvider<ArticleGrpcService>
{
    private static readonly Method<GetArticleRequest, EncodedArticle> GetArticle = Bound(
        "GetArticle", GetArticleRequest.Parser, Writer<EncodedArticle>((article, context) => context.Complete(article.Bytes)));

    private static readonly Method<LookupArticleRequest, EncodedArticle> LookupArticle = Bound(
        "LookupArticle", LookupArticleRequest.Parser, Writer<EncodedArticle>((article, context) => context.Complete(article.Bytes)));

    private static readonly Method<ListArticlesRequest, EncodedList> ListArticles = Bound(
        "ListArticles", ListArticlesRequest.Parser, Writer<EncodedList>((list, context) =>
        {
            if (list.Front is { } bytes)
            {
                context.Complete(bytes);
                return;
            }
            context.SetPayloadLength(list.Response!.CalculateSize());
            list.Response.WriteTo(context.GetBufferWriter());
            context.Complete();
        }));

    private static readonly HashSet<string> Replaced = [GetArticle.FullName, LookupArticle.FullName, ListArticles.FullName];

    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<ArticleGrpcService> context)
    {
        context.AddUnaryMethod(GetArticle, Metadata(), (service, request, call) => service.GetEncodedArticle(request, call));
        context.AddUnaryMethod(LookupArticle, Metadata(), (service, request, call) => service.LookupEncodedArticle(request, call));
        context.AddUnaryMethod(ListArticles, Metadata(), (service, request, call) => service.ListEncodedArticles(request, call));
    }

    /// <summary>
    /// Ranks the generated gRPC endpoint of each method bound here below this one (routing takes the lowest order),
    /// leaving every other endpoint, the JSON routes of the same methods included, as it is.
    /// </summary>
    public static void RankBelowEncoded(EndpointBuilder endpoint)
    {
        if (endpoint is RouteEndpointBuilder route && Replaced.Contains(route.RoutePattern.RawText ?? "")
            && endpoint.Metadata.OfType<GrpcMethodMetadata>().Any(m => m.Method is Method<GetArticleRequest, Article> or Method<LookupArticleRequest, Article> or Method<ListArticlesRequest, ListArticlesResponse>))
        {
            route.Order = 1;
        }
    }

    /// <summary>What the generated binder gives each method: the service's attributes, and POST (with CORS preflight).</summary>
    private static List<object> Metadata() =>
        [.. typeof(ArticleGrpcService).GetCustomAttributes(inherit: true), new HttpMethodMetadata(["POST"], acceptCorsPreflight: true)];

    private static Method<TRequest, TResponse> Bound<TRequest, TResponse>(string name, MessageParser<TRequest> parser, Marshaller<TResponse> response)
        where TRequest : class, IMessage<TRequest> where TResponse : class =>
        new(MethodType.Unary, ArticleService.Descriptor.FullName, name,
            Marshallers.Create(
                (TRequest message, SerializationContext context) =>
                {
                    context.SetPayloadLength(message.CalculateSize());
                    message.WriteTo(context.GetBufferWriter());
                    context.Complete();
                },
                context => parser.ParseFrom(context.PayloadAsReadOnlySequence())),
            response);

    /// <summary>Answers are only written here: nothing reads them back.</summary>
    private static Marshaller<T> Writer<T>(Action<T, SerializationContext> write) =>
        Marshallers.Create(write, _ => throw new NotSupportedException("An encoded answer is written, never read."));
}
