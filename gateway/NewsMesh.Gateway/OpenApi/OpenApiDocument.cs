using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Google.Api;
using Google.Protobuf.Reflection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace NewsMesh.Gateway.OpenApi;

/// <summary>
/// The OpenAPI 3 document of the JSON API, generated from the contracts themselves: every RPC with a
/// <c>google.api.http</c> rule becomes an operation, and every message it touches a schema, as the proto3 JSON
/// mapping writes it. Nothing here is written by hand, so the document cannot drift from the API. Who may call
/// an operation and which errors it answers follow from its HTTP rule by the rules below, not from a list.
/// </summary>
public static partial class OpenApiDocument
{
    private const string Bearer = "bearer";
    private const string StatusSchema = "google.rpc.Status";
    private const string FeedPackage = "newsmesh.feed.v1";

    /// <summary>
    /// The errors the mesh answers, each a <c>google.rpc.Status</c>, by HTTP status: JSON transcoding's mapping of
    /// the gRPC codes, except that a stale etag is 412 and a body over the limit 413 (TranscodedStatusInterceptor),
    /// and the gateway's own 429, 503 and 504.
    /// </summary>
    private static readonly (string Status, string Name, string Description, bool RetryAfter)[] Errors =
    [
        ("400", "BadRequest", "INVALID_ARGUMENT (a field is wrong; `details` has a `google.rpc.BadRequest` with one violation per field), " +
            "FAILED_PRECONDITION (the resource's state does not allow this) or OUT_OF_RANGE.", false),
        ("401", "Unauthorized", "UNAUTHENTICATED: the bearer token is missing where one is needed, or is not valid. " +
            "A token that is not valid is refused on public reads too.", false),
        ("403", "Forbidden", "PERMISSION_DENIED: the token's `roles` do not allow this.", false),
        ("404", "NotFound", "NOT_FOUND: no such resource (deleted ones included).", false),
        ("409", "Conflict", "ALREADY_EXISTS: the resource, or a key that must be unique such as a slug in its language, is taken.", false),
        ("412", "PreconditionFailed", "ABORTED: the `etag` sent is not the current one, and nothing was changed; read the resource again and retry.", false),
        ("413", "ContentTooLarge", "RESOURCE_EXHAUSTED: the request body is over the size limit.", false),
        ("429", "TooManyRequests", "RESOURCE_EXHAUSTED: this client is over the gateway's rate limit; retry after `Retry-After` seconds.", true),
        ("500", "InternalServerError", "INTERNAL: an unexpected failure.", false),
        ("503", "ServiceUnavailable", "UNAVAILABLE: a service or its database cannot be reached; retry shortly (after `Retry-After` seconds when sent).", true),
        ("504", "GatewayTimeout", "DEADLINE_EXCEEDED: the service accepted the request and did not answer in time.", false),
    ];

    public static string Generate(
        IEnumerable<ServiceDescriptor> services, string title, string version, Uri server, string serverDescription)
    {
        ArgumentNullException.ThrowIfNull(server);
        var schemas = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var routes = services
            .SelectMany(service => service.Methods
                .Where(method => method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not null)
                .Select(method => (Service: service, Method: method, Rule: method.GetOptions().GetExtension(AnnotationsExtensions.Http))))
            .GroupBy(r => Route(r.Rule));
        foreach (var route in routes)
        {
            var (verb, template) = route.Key;
            var (path, pathParameters) = PathOf(template);
            if (!paths.TryGetValue(path, out var item))
            {
                paths[path] = item = new JsonObject();
            }
            var (service, method, rule) = route.First();
            var operation = Operation(service, method, verb, rule, pathParameters, schemas);
            if (route.Count() > 1)
            {
                // The same route in several services (their change feeds): the gateway picks the service by a parameter.
                operation["operationId"] = method.Name;
                operation["tags"] = new JsonArray(route.Select(r => (JsonNode)r.Service.Name).ToArray());
                ((JsonArray)operation["parameters"]!).Insert(0, new JsonObject
                {
                    ["name"] = "service",
                    ["in"] = "query",
                    ["required"] = true,
                    ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray(route.Select(r => (JsonNode)CollectionOf(r.Service)).ToArray()) },
                    ["description"] = "Whose: the collection of the service to read.",
                });
            }
            item[verb] = operation;
        }
        schemas[StatusSchema] = new JsonObject
        {
            ["type"] = "object",
            ["description"] = "An error: its gRPC code, a message for developers, and typed details.",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32", ["description"] = "The `google.rpc.Code`." },
                ["message"] = new JsonObject { ["type"] = "string" },
                ["details"] = new JsonObject
                {
                    ["type"] = "array",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["description"] = "A `google.protobuf.Any`: the detail's fields next to its type.",
                        ["required"] = new JsonArray("@type"),
                        ["properties"] = new JsonObject
                        {
                            ["@type"] = new JsonObject { ["type"] = "string", ["example"] = "type.googleapis.com/google.rpc.BadRequest" },
                        },
                        ["additionalProperties"] = true,
                    },
                },
            },
        };

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["license"] = new JsonObject { ["name"] = "MIT", ["url"] = "https://opensource.org/licenses/MIT" },
            },
            // OpenAPI appends each path to the URL, which a trailing slash would double.
            ["servers"] = new JsonArray(new JsonObject { ["url"] = server.AbsoluteUri.TrimEnd('/'), ["description"] = serverDescription }),
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, s.Value))),
                ["responses"] = new JsonObject(Errors.Select(e => KeyValuePair.Create(e.Name, (JsonNode?)ErrorResponse(e.Description, e.RetryAfter)))),
                ["securitySchemes"] = new JsonObject
                {
                    [Bearer] = new JsonObject
                    {
                        ["type"] = "http",
                        ["scheme"] = "bearer",
                        ["bearerFormat"] = "JWT",
                        ["description"] = "A JWT from the configured identity provider, whose `roles` claim holds `reporter`, `editor`, " +
                            "`admin` or `service`. Reads need none: anonymous callers see only published and retracted articles, " +
                            "and a token lets newsroom roles see more. Every write needs one, and so do the change feeds " +
                            "(`/v1/changes`), which a `partner` reads too.",
                    },
                },
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static (string Verb, string Template) Route(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => ("get", rule.Get),
        HttpRule.PatternOneofCase.Post => ("post", rule.Post),
        HttpRule.PatternOneofCase.Patch => ("patch", rule.Patch),
        HttpRule.PatternOneofCase.Put => ("put", rule.Put),
        HttpRule.PatternOneofCase.Delete => ("delete", rule.Delete),
        _ => throw new NotSupportedException($"HTTP rule {rule.PatternCase} is not used by the contracts."),
    };

    /// <summary>
    /// The OpenAPI path of a template and its parameters, each with the request field it fills:
    /// <c>/v1/{name=articles/*}:publish</c> is <c>/v1/articles/{article}:publish</c>, whose <c>article</c> is the id
    /// in <c>name</c> (<c>articles/{article}</c>). One resource has one parameter name whichever field holds it, as
    /// OpenAPI wants one path for one URL shape.
    /// </summary>
    private static (string Path, List<(string Name, string Field)> Parameters) PathOf(string template)
    {
        var parameters = new List<(string, string)>();
        var path = Variable().Replace(template, match =>
        {
            var field = match.Groups["field"].Value;
            if (!match.Groups["collection"].Success)
            {
                parameters.Add((field, field));
                return $"{{{field}}}";
            }
            var collection = match.Groups["collection"].Value;
            var name = collection.EndsWith('s') ? collection[..^1] : collection;
            parameters.Add((name, field));
            return $"{collection}/{{{name}}}";
        });
        return (path, parameters);
    }

    private static JsonObject Operation(
        ServiceDescriptor service, MethodDescriptor method, string verb, HttpRule rule, List<(string Name, string Field)> pathParameters,
        SortedDictionary<string, JsonNode?> schemas)
    {
        var parameters = new JsonArray();
        foreach (var (name, field) in pathParameters)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = name,
                ["in"] = "path",
                ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string" },
                ["description"] = name == field ? $"The request's `{field}`." : $"The id in the request's `{field}`.",
            });
        }
        var input = method.InputType;
        var bound = new HashSet<string>(pathParameters.Select(p => p.Field.Split('.')[0]), StringComparer.Ordinal);
        JsonObject? body = null;
        var etag = input.FindFieldByName("etag") is not null;
        if (rule.Body == "*")
        {
            body = Content(Reference(input, schemas));
            bound.UnionWith(input.Fields.InDeclarationOrder().Select(f => f.Name));
        }
        else if (rule.Body.Length > 0)
        {
            var field = input.FindFieldByName(rule.Body);
            body = Content(Schema(field, schemas));
            bound.Add(field.Name);
            etag |= field.FieldType == FieldType.Message && field.MessageType.FindFieldByName("etag") is not null;
        }
        foreach (var field in input.Fields.InDeclarationOrder().Where(f => !bound.Contains(f.Name)))
        {
            parameters.Add(new JsonObject
            {
                ["name"] = field.JsonName,
                ["in"] = "query",
                ["schema"] = Schema(field, schemas),
            });
        }

        // GETs are public reads (what an anonymous caller sees is narrowed, not refused), but for the change feeds,
        // which every role reads and anonymous callers do not; every other verb, custom methods such as :publish
        // (POSTs) included, changes something and needs a token.
        var read = verb == "get";
        var open = read && method.InputType.File.Package != FeedPackage;
        var responses = new JsonObject
        {
            ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Content(Reference(method.OutputType, schemas)) },
        };
        foreach (var error in Errors)
        {
            var answered = error.Status switch
            {
                "403" => !open,
                "409" => !read,
                // Only a write to a resource that exists can send the version it expects.
                "412" => !read && etag && pathParameters.Count > 0,
                "413" => body is not null,
                _ => true,
            };
            if (answered)
            {
                responses[error.Status] = new JsonObject { ["$ref"] = $"#/components/responses/{error.Name}" };
            }
        }
        var operation = new JsonObject
        {
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["tags"] = new JsonArray(service.Name),
            ["summary"] = method.Name,
            ["security"] = open
                ? new JsonArray(new JsonObject(), new JsonObject { [Bearer] = new JsonArray() })
                : new JsonArray(new JsonObject { [Bearer] = new JsonArray() }),
            ["parameters"] = parameters,
            ["responses"] = responses,
        };
        if (body is not null)
        {
            operation["requestBody"] = new JsonObject { ["content"] = body };
        }
        return operation;
    }

    /// <summary>The collection a service's routes are under (<c>/v1/articles...</c>): its name to the gateway.</summary>
    private static string CollectionOf(ServiceDescriptor service) => service.Methods
        .Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
        .Where(r => r is not null)
        .Select(r => Route(r!).Template)
        .Select(t => Collection().Match(t))
        .First(m => m.Success).Groups[1].Value;

    [GeneratedRegex(@"^/v1/\{?(?:\w+=)?([a-z]+)")]
    private static partial Regex Collection();

    private static JsonObject Content(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject ErrorResponse(string description, bool retryAfter)
    {
        var response = new JsonObject
        {
            ["description"] = description,
            ["content"] = Content(new JsonObject { ["$ref"] = $"#/components/schemas/{StatusSchema}" }),
        };
        if (retryAfter)
        {
            response["headers"] = new JsonObject
            {
                ["Retry-After"] = new JsonObject
                {
                    ["description"] = "Seconds to wait before retrying.",
                    ["schema"] = new JsonObject { ["type"] = "integer" },
                },
            };
        }
        return response;
    }

    private static JsonObject Reference(MessageDescriptor message, SortedDictionary<string, JsonNode?> schemas)
    {
        if (WellKnown(message) is { } known)
        {
            return known;
        }
        if (!schemas.ContainsKey(message.FullName))
        {
            // Reserved first, so a message that contains itself refers to itself instead of recursing.
            schemas[message.FullName] = null;
            var properties = new JsonObject();
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                properties[field.JsonName] = Schema(field, schemas);
            }
            schemas[message.FullName] = new JsonObject
            {
                ["type"] = "object",
                ["properties"] = properties,
            };
        }
        return new JsonObject { ["$ref"] = $"#/components/schemas/{message.FullName}" };
    }

    /// <summary>A field's schema, as the proto3 JSON mapping writes it (64-bit integers are strings).</summary>
    private static JsonObject Schema(FieldDescriptor field, SortedDictionary<string, JsonNode?> schemas)
    {
        if (field.IsMap)
        {
            var value = field.MessageType.FindFieldByName("value");
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = Single(value, schemas) };
        }
        return field.IsRepeated
            ? new JsonObject { ["type"] = "array", ["items"] = Single(field, schemas) }
            : Single(field, schemas);
    }

    private static JsonObject Single(FieldDescriptor field, SortedDictionary<string, JsonNode?> schemas) => field.FieldType switch
    {
        FieldType.String => new JsonObject { ["type"] = "string" },
        FieldType.Bytes => new JsonObject { ["type"] = "string", ["format"] = "byte" },
        FieldType.Bool => new JsonObject { ["type"] = "boolean" },
        FieldType.Double or FieldType.Float => new JsonObject { ["type"] = "number" },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 or FieldType.UInt32 or FieldType.Fixed32 =>
            new JsonObject { ["type"] = "integer", ["format"] = "int32" },
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 or FieldType.UInt64 or FieldType.Fixed64 =>
            new JsonObject { ["type"] = "string", ["format"] = "int64" },
        FieldType.Enum => new JsonObject
        {
            ["type"] = "string",
            ["enum"] = new JsonArray(field.EnumType.Values.Select(v => (JsonNode?)JsonValue.Create(v.Name)).ToArray()),
        },
        FieldType.Message or FieldType.Group => Reference(field.MessageType, schemas),
        _ => throw new NotSupportedException($"Field type {field.FieldType} is not used by the contracts."),
    };

    private static JsonObject? WellKnown(MessageDescriptor message) => message.FullName switch
    {
        "google.protobuf.Timestamp" => new JsonObject { ["type"] = "string", ["format"] = "date-time" },
        "google.protobuf.FieldMask" => new JsonObject { ["type"] = "string", ["description"] = "Field names, comma-separated." },
        "google.protobuf.Empty" => new JsonObject { ["type"] = "object" },
        // An answer that is its own document (ninjs), not a message: any JSON object, described by the RPC.
        "google.api.HttpBody" => new JsonObject { ["type"] = "object", ["description"] = "A JSON document of its own format, as the operation says." },
        _ => null,
    };

    [GeneratedRegex(@"\{(?<field>[a-z_.]+)(=(?<collection>[a-z]+)/\*)?\}")]
    private static partial Regex Variable();
}
