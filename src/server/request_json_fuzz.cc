// libFuzzer target for the request-body reader: arbitrary bytes through ParseJson and
// ReadBody (with a spec exercising every field type) must never crash, hang or read out of
// bounds, and every refusal must name a field and a rule.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "server/request_json.h"

namespace {

const homeboard::server::BodySpec& Spec() {
  using homeboard::server::FieldType;
  static const homeboard::server::BodySpec spec{
      .fields = {{.name = "title", .type = FieldType::kString, .required = true},
                 {.name = "count", .type = FieldType::kInteger},
                 {.name = "flag", .type = FieldType::kBoolean, .nullable = true},
                 {.name = "settings", .type = FieldType::kObject},
                 {.name = "tags", .type = FieldType::kArray},
                 {.name = "any", .type = FieldType::kAny}},
      .read_only = {"page_id"}};
  return spec;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  homeboard::server::JsonLimits limits{.max_depth = 8, .max_string_bytes = 256, .max_values = 1000};
  auto parsed = homeboard::server::ParseJson(text, limits);
  if (!parsed.ok() && (parsed.error().field.empty() || parsed.error().rule.empty())) std::abort();
  auto body = homeboard::server::ReadBody(text, Spec(), limits);
  if (!body.ok()) {
    if (body.error().status != 400 || body.error().field.empty() || body.error().rule.empty()) {
      std::abort();
    }
    return 0;
  }
  // Accepted bodies hold the required member with its type.
  if (!body->String("title").has_value()) std::abort();
  return 0;
}
