// TagAssociation and TagCount mapping and validation.
#include "model/tag_association.h"

#include <fmt/format.h>

#include "model/attributes.h"
#include "model/ids.h"
#include "model/internal/item_codec.h"
#include "model/limits.h"
#include "model/tag.h"
#include "model/timestamp.h"

namespace homeboard::model {
namespace {

constexpr std::string_view kTagCountPrefix = "tags#";

ddb::Item MakeKey(std::string item_ref, std::string_view tag) {
  ddb::Item key;
  internal::PutString(key, attr::kItemRef, std::move(item_ref));
  internal::PutString(key, attr::kTag, std::string(tag));
  return key;
}

}  // namespace

std::string_view TaggedTypeName(TaggedType type) {
  switch (type) {
    case TaggedType::kBookmark:
      return "bookmark";
    case TaggedType::kNote:
      return "note";
    case TaggedType::kWidget:
      return "widget";
  }
  return "";
}

Result<TaggedType> ParseTaggedType(std::string_view name, std::string_view field) {
  for (TaggedType type : {TaggedType::kBookmark, TaggedType::kNote, TaggedType::kWidget}) {
    if (TaggedTypeName(type) == name) return type;
  }
  return Invalid(field, rule::kEnum, "must be bookmark, note or widget");
}

std::string ItemRef(TaggedType type, std::string_view item_id) {
  return fmt::format("{}#{}", TaggedTypeName(type), item_id);
}

Result<std::pair<TaggedType, std::string>> ParseItemRef(std::string_view item_ref,
                                                        std::string_view field) {
  std::size_t hash = item_ref.find('#');
  auto type = hash == std::string_view::npos ? ParseTaggedType("")
                                             : ParseTaggedType(item_ref.substr(0, hash));
  std::string_view id = hash == std::string_view::npos ? "" : item_ref.substr(hash + 1);
  if (!type.ok() || !IsValidId(id)) {
    return Invalid(field, rule::kPattern, "must be <bookmark|note|widget>#<id>");
  }
  return std::make_pair(*type, std::string(id));
}

std::string UserTag(std::string_view user_id, std::string_view tag) {
  return fmt::format("{}#{}", user_id, tag);
}

std::string TagCountRef(std::string_view user_id) {
  return fmt::format("{}{}", kTagCountPrefix, user_id);
}

Status TagAssociation::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(item_id, "item_id"));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTag(tag, attr::kTag));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(container_id, attr::kContainerId));
  return ValidateTimestamp(created_at, attr::kCreatedAt);
}

ddb::Item TagAssociation::ToItem() const {
  ddb::Item item = Key();
  internal::PutString(item, attr::kUserId, user_id);
  internal::PutString(item, attr::kUserTag, UserTag(user_id, tag));
  internal::PutString(item, attr::kContainerId, container_id);
  internal::PutString(item, attr::kCreatedAt, created_at);
  return item;
}

Result<TagAssociation> TagAssociation::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  std::string item_ref = reader.String(attr::kItemRef);
  TagAssociation association;
  association.tag = reader.String(attr::kTag);
  association.user_id = reader.String(attr::kUserId);
  std::string user_tag = reader.String(attr::kUserTag);
  association.container_id = reader.String(attr::kContainerId);
  association.created_at = reader.String(attr::kCreatedAt);
  if (!reader.ok()) return reader.error();
  auto parsed = ParseItemRef(item_ref);
  if (!parsed.ok()) {
    return Invalid(attr::kItemRef, rule::kCorrupt, "is not <bookmark|note|widget>#<id>");
  }
  association.item_type = parsed->first;
  association.item_id = parsed->second;
  if (user_tag != UserTag(association.user_id, association.tag)) {
    return Invalid(attr::kUserTag, rule::kCorrupt, "does not match user_id#tag");
  }
  if (auto status = association.Validate(); !status.ok()) return std::move(status).error();
  return association;
}

ddb::Item TagAssociation::KeyOf(TaggedType item_type, std::string_view item_id,
                                std::string_view tag) {
  return MakeKey(ItemRef(item_type, item_id), tag);
}

Status TagCount::Validate() const {
  HOMEBOARD_RETURN_IF_INVALID(ValidateId(user_id, attr::kUserId));
  HOMEBOARD_RETURN_IF_INVALID(ValidateTag(tag, attr::kTag));
  if (count < 0 || count > kMaxVersion) {
    return Invalid(attr::kCount, rule::kRange,
                   fmt::format("must be between 0 and {} (got {})", kMaxVersion, count));
  }
  return {};
}

ddb::Item TagCount::ToItem() const {
  ddb::Item item = Key();
  internal::PutInteger(item, attr::kCount, count);
  internal::PutString(item, attr::kUserId, user_id);
  return item;
}

Result<TagCount> TagCount::FromItem(const ddb::Item& item) {
  internal::ItemReader reader(item);
  std::string item_ref = reader.String(attr::kItemRef);
  TagCount tag_count;
  tag_count.tag = reader.String(attr::kTag);
  tag_count.count = reader.Integer(attr::kCount);
  tag_count.user_id = reader.String(attr::kUserId);
  if (!reader.ok()) return reader.error();
  if (item_ref != TagCountRef(tag_count.user_id)) {
    return Invalid(attr::kItemRef, rule::kCorrupt, "does not match tags#<user_id>");
  }
  if (auto status = tag_count.Validate(); !status.ok()) return std::move(status).error();
  return tag_count;
}

ddb::Item TagCount::KeyOf(std::string_view user_id, std::string_view tag) {
  return MakeKey(TagCountRef(user_id), tag);
}

}  // namespace homeboard::model
