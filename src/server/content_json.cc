// Shared pieces of the content routes: settings maps, nested bodies, locations, cursors.
#include "server/content_json.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <map>

#include "model/limits.h"

namespace homeboard::server {
namespace {

// Cursors of content lists start with this byte, so a cursor of another list kind (or a
// random string that happens to be base64url) is refused instead of misread.
constexpr char kListCursorTag = 'L';

ddb::AttributeValue ToAttribute(const JsonValue& value) {
  switch (value.type) {
    case JsonValue::Type::kNull:
      return ddb::AttributeValue::Null();
    case JsonValue::Type::kBool:
      return ddb::AttributeValue::Bool(value.boolean);
    case JsonValue::Type::kNumber:
      return value.integer ? ddb::AttributeValue::N(*value.integer)
                           : ddb::AttributeValue::N(value.number);
    case JsonValue::Type::kString:
      return ddb::AttributeValue::S(value.string);
    case JsonValue::Type::kArray: {
      std::vector<ddb::AttributeValue> items;
      items.reserve(value.items.size());
      for (const JsonValue& item : value.items) items.push_back(ToAttribute(item));
      return ddb::AttributeValue::L(std::move(items));
    }
    case JsonValue::Type::kObject: {
      ddb::Item map;
      for (const auto& [name, member] : value.members) map[name] = ToAttribute(member);
      return ddb::AttributeValue::M(std::move(map));
    }
  }
  return ddb::AttributeValue::Null();
}

// One component of a group's tree key: its sibling position. An order key is base-62 digits
// (all above '\x02'), so "\x02" ends it below any longer key, and the fixed-length id and the
// closing "\x01" keep an ancestor's key a prefix of its descendants' keys.
std::string TreeComponent(const model::Group& group) {
  std::string out = group.order_key;
  out += '\x02';
  out += group.group_id;
  out += '\x01';
  return out;
}

}  // namespace

std::vector<QueryParam> ListQueryParams() {
  return {{.name = "limit", .type = "integer", .description = "Page size (clamped)"},
          {.name = "cursor", .description = "next_cursor of the previous page"},
          {.name = "modified_since",
           .description = "Only objects updated at or after this RFC 3339 time"}};
}

ProblemOr<ddb::Item> SettingsFromJson(const JsonValue& value, std::string_view field) {
  if (value.type != JsonValue::Type::kObject) {
    return BadRequest(
        field, "type",
        fmt::format("{}: must be an object (got {})", field, JsonTypeName(value.type)));
  }
  ddb::Item settings;
  for (const auto& [name, member] : value.members) settings[name] = ToAttribute(member);
  return settings;
}

ProblemOr<JsonBody> ReadNested(const JsonValue& value, const BodySpec& spec,
                               std::string_view path) {
  if (value.type != JsonValue::Type::kObject) {
    return BadRequest(
        path, "type",
        fmt::format("{}: must be an object (got {})", path, JsonTypeName(value.type)));
  }
  auto find_spec = [&spec](std::string_view name) -> const FieldSpec* {
    for (const FieldSpec& field : spec.fields) {
      if (field.name == name) return &field;
    }
    return nullptr;
  };
  auto is_read_only = [&spec](std::string_view name) {
    auto is_name = [name](std::string_view owned) { return owned == name; };
    return std::ranges::any_of(kServerOwnedFields, is_name) ||
           std::ranges::any_of(spec.read_only, is_name);
  };
  for (const auto& [name, member] : value.members) {
    std::string field = fmt::format("{}.{}", path, name);
    if (is_read_only(name)) {
      return BadRequest(field, rule::kReadOnly,
                        fmt::format("{}: read-only, set by the server", field));
    }
    const FieldSpec* spec_field = find_spec(name);
    if (spec_field == nullptr) {
      return BadRequest(field, rule::kUnknownField, fmt::format("{}: unknown field", field));
    }
    if (member.type == JsonValue::Type::kNull && spec_field->nullable) continue;
    if (!TypeMatches(member, spec_field->type)) {
      return BadRequest(field, "type",
                        fmt::format("{}: must be {} (got {})", field, FieldTypeName(spec_field->type),
                                    JsonTypeName(member.type)));
    }
  }
  for (const FieldSpec& spec_field : spec.fields) {
    if (spec_field.required && value.Find(spec_field.name) == nullptr) {
      std::string field = fmt::format("{}.{}", path, spec_field.name);
      return BadRequest(field, "required", fmt::format("{}: required", field));
    }
  }
  return JsonBody(value);
}

ProblemOr<std::optional<int>> IntMember(const JsonBody& body, std::string_view name) {
  std::optional<std::int64_t> value = body.Integer(name);
  if (!value) return std::optional<int>();
  if (*value < std::numeric_limits<int>::min() || *value > std::numeric_limits<int>::max()) {
    return BadRequest(name, "range", fmt::format("{}: out of range", name));
  }
  return std::optional<int>(static_cast<int>(*value));
}

service::Placement PlacementOf(const JsonBody& body) {
  return service::Placement{.before_id = body.String("before_id"),
                            .after_id = body.String("after_id")};
}

std::string WidgetLocation(std::string_view page_id, std::string_view widget_id) {
  return fmt::format("/api/v1/pages/{}/widgets/{}", page_id, widget_id);
}
std::string GroupLocation(std::string_view widget_id, std::string_view group_id) {
  return fmt::format("/api/v1/widgets/{}/groups/{}", widget_id, group_id);
}
std::string BookmarkLocation(std::string_view widget_id, std::string_view bookmark_id) {
  return fmt::format("/api/v1/widgets/{}/bookmarks/{}", widget_id, bookmark_id);
}
std::string NoteLocation(std::string_view widget_id, std::string_view note_id) {
  return fmt::format("/api/v1/widgets/{}/notes/{}", widget_id, note_id);
}

std::vector<std::string> GroupTreeKeys(const std::vector<model::Group>& groups) {
  std::map<std::string_view, const model::Group*> by_id;
  for (const model::Group& group : groups) by_id[group.group_id] = &group;
  std::vector<std::string> keys;
  keys.reserve(groups.size());
  for (const model::Group& group : groups) {
    // Walk up to the root (or to a missing parent: an orphan subtree sorts after the tree).
    std::vector<const model::Group*> chain{&group};
    bool orphan = false;
    while (chain.size() <= static_cast<std::size_t>(model::kMaxGroupDepth) + 1) {
      const model::Group* current = chain.back();
      if (!current->parent_group_id) break;
      auto parent = by_id.find(*current->parent_group_id);
      if (parent == by_id.end()) {
        orphan = true;
        break;
      }
      chain.push_back(parent->second);
    }
    std::string key(1, orphan ? '\x02' : '\x01');
    for (std::size_t i = chain.size(); i-- > 0;) key += TreeComponent(*chain[i]);
    keys.push_back(std::move(key));
  }
  return keys;
}

ProblemOr<std::string> DecodeListCursor(std::string_view cursor) {
  std::optional<std::string> decoded = DecodeCursorText(cursor);
  if (!decoded || decoded->empty() || decoded->front() != kListCursorTag) {
    return BadRequest("cursor", "pattern", "cursor: not a cursor this server issued");
  }
  return decoded->substr(1);
}

std::string EncodeListCursor(std::string_view key) {
  std::string tagged(1, kListCursorTag);
  tagged += key;
  return EncodeCursorText(tagged);
}

}  // namespace homeboard::server
