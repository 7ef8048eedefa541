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
/// mapping writes it. Nothing here is written by hand, so the document cannot drift from the API.
/// </summary>
public static partial class OpenApiDocument
{
    public static string Generate(IEnumerable<ServiceDescriptor> services, string title, string version)
    {
        var schemas = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            foreach (var method in service.Methods)
            {
                if (method.GetOptions()?.GetExtension(AnnotationsExtensions.Http) is not { } rule)
                {
                    continue;
                }
                var (verb, template) = Route(rule);
                var (path, pathParameters) = PathOf(template);
                if (!paths.TryGetValue(path, out var item))
                {
                    paths[path] = item = new JsonObject();
                }
                item[verb] = Operation(service, method, rule, pathParameters, schemas);
            }
        }

        var document = new JsonObject
        {
            ["openapi"] = "3.0.3",
            ["info"] = new JsonObject { ["title"] = title, ["version"] = version },
            ["paths"] = new JsonObject(paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject(schemas.Select(s => KeyValuePair.Create(s.Key, s.Value))),
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
        ServiceDescriptor service, MethodDescriptor method, HttpRule rule, List<(string Name, string Field)> pathParameters, SortedDictionary<string, JsonNode?> schemas)
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

        var operation = new JsonObject
        {
            ["operationId"] = $"{service.Name}_{method.Name}",
            ["tags"] = new JsonArray(service.Name),
            ["summary"] = method.Name,
            ["parameters"] = parameters,
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject { ["description"] = "OK", ["content"] = Content(Reference(method.OutputType, schemas)) },
                ["default"] = new JsonObject
                {
                    ["description"] = "A google.rpc.Status: 400 invalid, 404 not found, 409 taken, 412 stale etag, 413 too large, 429 too many, 503 unavailable.",
                    ["content"] = Content(new JsonObject { ["$ref"] = "#/components/schemas/google.rpc.Status" }),
                },
            },
        };
        if (body is not null)
        {
            operation["requestBody"] = new JsonObject { ["content"] = body };
        }
        schemas["google.rpc.Status"] = new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["code"] = new JsonObject { ["type"] = "integer", ["format"] = "int32" },
                ["message"] = new JsonObject { ["type"] = "string" },
                ["details"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "object" } },
            },
        };
        return operation;
    }

    private static JsonObject Content(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

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
        _ => null,
    };

    [GeneratedRegex(@"\{(?<field>[a-z_.]+)(=(?<collection>[a-z]+)/\*)?\}")]
    private static partial Regex Variable();
}
