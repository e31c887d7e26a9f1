// OpenAPI 3.1 generation.
#include "server/openapi.h"

#include <algorithm>
#include <cctype>

#include "server/json_writer.h"
#include "server/request_json.h"

namespace homeboard::server {
namespace {

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void WriteRef(JsonWriter& json, std::string_view schema) {
  json.BeginObject();
  json.Key("$ref");
  json.String("#/components/schemas/" + std::string(schema));
  json.EndObject();
}

void WriteContent(JsonWriter& json, std::string_view type, std::string_view schema) {
  json.Key("content");
  json.BeginObject();
  json.Key(type);
  json.BeginObject();
  json.Key("schema");
  if (schema.empty()) {
    json.BeginObject();
    json.Key("type");
    json.String("string");
    json.EndObject();
  } else {
    WriteRef(json, schema);
  }
  json.EndObject();
  json.EndObject();
}

void WriteParameter(JsonWriter& json, std::string_view name, std::string_view in,
                    std::string_view type, bool required, std::string_view description) {
  json.BeginObject();
  json.Key("name");
  json.String(name);
  json.Key("in");
  json.String(in);
  json.Key("required");
  json.Bool(required);
  if (!description.empty()) {
    json.Key("description");
    json.String(description);
  }
  json.Key("schema");
  json.BeginObject();
  json.Key("type");
  json.String(type);
  json.EndObject();
  json.EndObject();
}

void WriteOperation(JsonWriter& json, const Route& route) {
  json.BeginObject();
  json.Key("operationId");
  json.String(route.operation_id);
  json.Key("summary");
  json.String(route.summary);
  if (!route.tag.empty()) {
    json.Key("tags");
    json.BeginArray();
    json.String(route.tag);
    json.EndArray();
  }
  if (route.auth == AuthPolicy::kPublic) {
    json.Key("security");
    json.BeginArray();
    json.EndArray();
  }
  json.Key("parameters");
  json.BeginArray();
  for (std::string_view segment : SplitPath(route.path)) {
    if (segment.size() >= 2 && segment.front() == '{') {
      WriteParameter(json, segment.substr(1, segment.size() - 2), "path", "string", true, "");
    }
  }
  for (const QueryParam& param : route.query) {
    WriteParameter(json, param.name, "query", param.type, param.required, param.description);
  }
  if (route.if_match) {
    WriteParameter(json, "If-Match", "header", "string", true,
                   "The ETag of the version the change is based on");
  }
  WriteParameter(json, "X-Request-Id", "header", "string", false,
                 "Echoed back; generated when absent");
  json.EndArray();
  if (!route.request_schema.empty()) {
    json.Key("requestBody");
    json.BeginObject();
    json.Key("required");
    json.Bool(true);
    WriteContent(json, "application/json", route.request_schema);
    json.EndObject();
  }
  json.Key("responses");
  json.BeginObject();
  json.Key(std::to_string(route.success_status));
  json.BeginObject();
  json.Key("description");
  json.String("Success");
  if (route.etag || route.success_status == 201) {
    json.Key("headers");
    json.BeginObject();
    if (route.etag) {
      json.Key("ETag");
      json.BeginObject();
      json.Key("schema");
      json.BeginObject();
      json.Key("type");
      json.String("string");
      json.EndObject();
      json.EndObject();
    }
    if (route.success_status == 201) {
      json.Key("Location");
      json.BeginObject();
      json.Key("schema");
      json.BeginObject();
      json.Key("type");
      json.String("string");
      json.EndObject();
      json.EndObject();
    }
    json.EndObject();
  }
  if (!route.response_schema.empty()) {
    WriteContent(json, route.response_content_type, route.response_schema);
  } else if (route.response_content_type != "application/json") {
    WriteContent(json, route.response_content_type, "");
  }
  json.EndObject();
  json.Key("default");
  json.BeginObject();
  json.Key("description");
  json.String("Error (RFC 9457 problem details)");
  WriteContent(json, "application/problem+json", "Problem");
  json.EndObject();
  json.EndObject();
  json.EndObject();
}

}  // namespace

service::Result<std::string> BuildOpenApi(const RouteTable& routes,
                                          const std::map<std::string, std::string>& schemas,
                                          const OpenApiInfo& info) {
  for (const auto& [name, schema] : schemas) {
    auto parsed = ParseJson(schema, JsonLimits{.max_depth = 64});
    if (!parsed.ok() || parsed->type != JsonValue::Type::kObject) {
      return service::InvalidArgument("schema", "type", "schema " + name + ": not a JSON object");
    }
  }
  for (const Route& route : routes.routes()) {
    for (const std::string* schema : {&route.request_schema, &route.response_schema}) {
      if (!schema->empty() && schemas.count(*schema) == 0) {
        return service::InvalidArgument("schema", "required",
                                        route.operation_id + ": no schema " + *schema);
      }
    }
  }
  // Paths in order, each with its operations.
  std::map<std::string, std::vector<const Route*>> paths;
  for (const Route& route : routes.routes()) paths[route.path].push_back(&route);

  std::string out;
  JsonWriter json(&out);
  json.BeginObject();
  json.Key("openapi");
  json.String("3.1.0");
  json.Key("info");
  json.BeginObject();
  json.Key("title");
  json.String(info.title);
  json.Key("version");
  json.String(info.version);
  json.EndObject();
  json.Key("security");
  json.BeginArray();
  for (std::string_view scheme : {"bearerAuth", "cookieAuth"}) {
    json.BeginObject();
    json.Key(scheme);
    json.BeginArray();
    json.EndArray();
    json.EndObject();
  }
  json.EndArray();
  json.Key("paths");
  json.BeginObject();
  for (auto& [path, operations] : paths) {
    std::sort(operations.begin(), operations.end(),
              [](const Route* a, const Route* b) { return a->method < b->method; });
    json.Key(path);
    json.BeginObject();
    for (const Route* route : operations) {
      json.Key(Lower(route->method));
      WriteOperation(json, *route);
    }
    json.EndObject();
  }
  json.EndObject();
  json.Key("components");
  json.BeginObject();
  json.Key("securitySchemes");
  json.BeginObject();
  json.Key("bearerAuth");
  json.RawValue(R"({"type":"http","scheme":"bearer"})");
  json.Key("cookieAuth");
  json.RawValue(R"({"type":"apiKey","in":"cookie","name":"homeboard_session"})");
  json.EndObject();
  json.Key("schemas");
  json.BeginObject();
  for (const auto& [name, schema] : schemas) {
    json.Key(name);
    json.RawValue(schema);
  }
  json.EndObject();
  json.EndObject();
  json.EndObject();
  return out;
}

}  // namespace homeboard::server
