// Test helpers shared by the entity tests (src/model/*_test.cc only; not part of the
// library): round trips, table-driven invalid mutations, and corrupt items.
#ifndef HOMEBOARD_MODEL_INTERNAL_ENTITY_TESTING_H_
#define HOMEBOARD_MODEL_INTERNAL_ENTITY_TESTING_H_

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "ddb/attribute_value.h"
#include "model/error.h"
#include "testing/status_matchers.h"

namespace homeboard::model::testing {

// Fixed ids and times so failures reproduce.
inline constexpr char kUserA[] = "01JD8X0000V5ERAAAAAAAAAAAA";
inline constexpr char kUserB[] = "01JD8X0000V5ERBBBBBBBBBBBB";
inline constexpr char kPage1[] = "01JD8X1111PAGE111111111111";
inline constexpr char kPage2[] = "01JD8X1111PAGE222222222222";
inline constexpr char kWidget1[] = "01JD8X2222W1DGET1111111111";
inline constexpr char kWidget2[] = "01JD8X2222W1DGET2222222222";
inline constexpr char kGroup1[] = "01JD8X3333GR0VP11111111111";
inline constexpr char kGroup2[] = "01JD8X3333GR0VP22222222222";
inline constexpr char kItem1[] = "01JD8X4444QTEM111111111111";
inline constexpr char kCreated[] = "2026-11-25T08:40:17.123Z";
inline constexpr char kUpdated[] = "2026-11-26T09:00:00.000Z";

inline constexpr char kEmoji[] = "\xf0\x9f\x98\x80";  // 😀, 4 bytes
inline constexpr char kCombining[] = "e\xcc\x81";     // e + U+0301, 2 code points
inline std::string Repeat(std::string_view unit, std::size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out += unit;
  return out;
}

// An entity survives ToItem -> FromItem exactly.
template <typename T>
void ExpectRoundTrip(const T& entity) {
  ASSERT_OK(entity.Validate());
  auto back = T::FromItem(entity.ToItem());
  ASSERT_OK(back);
  EXPECT_TRUE(*back == entity);
  // Mapping is deterministic.
  EXPECT_EQ(back->ToItem(), entity.ToItem());
}

template <typename T>
struct Mutation {
  std::string name;
  std::function<void(T&)> mutate;
  std::string field;  // expected ValidationError::field
  std::string rule;   // expected ValidationError::rule
};

// Every mutation of `valid` fails Validate() with the expected field and rule, the message
// names the field, and the invalid entity never comes back from its own item: FromItem
// refuses the item, or (for an optional field set to "", which ToItem omits) returns the
// valid entity without it.
template <typename T>
void ExpectRejected(const T& valid, const std::vector<Mutation<T>>& mutations) {
  ASSERT_OK(valid.Validate());
  for (const Mutation<T>& mutation : mutations) {
    SCOPED_TRACE(mutation.name);
    T entity = valid;
    mutation.mutate(entity);
    auto status = entity.Validate();
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.error().field, mutation.field);
    EXPECT_EQ(status.error().rule, mutation.rule);
    EXPECT_NE(status.error().message.find(mutation.field), std::string::npos)
        << status.error().message;
    auto back = T::FromItem(entity.ToItem());
    if (back.ok()) {
      EXPECT_FALSE(*back == entity) << "an invalid entity round-tripped";
      EXPECT_OK(back->Validate());
    }
  }
}

// FromItem fails with rule "corrupt" naming the attribute when any of `required` is
// missing, or has the wrong type.
template <typename T>
void ExpectCorruptWithout(const T& valid, const std::vector<std::string>& required) {
  ddb::Item item = valid.ToItem();
  for (const std::string& name : required) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(item.count(name)) << "not in the item";
    ddb::Item missing = item;
    missing.erase(name);
    auto result = T::FromItem(missing);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, name);
    EXPECT_EQ(result.error().rule, "corrupt");

    ddb::Item mistyped = item;
    mistyped[name] =
        item.at(name).IsS() ? ddb::AttributeValue::N("1") : ddb::AttributeValue::S("1");
    result = T::FromItem(mistyped);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().field, name);
    EXPECT_EQ(result.error().rule, "corrupt");
  }
}

// FromItem fails with "corrupt" naming `name` when the attribute is replaced by `value`.
template <typename T>
void ExpectCorruptWith(const T& valid, const std::string& name, ddb::AttributeValue value) {
  SCOPED_TRACE(name);
  ddb::Item item = valid.ToItem();
  item[name] = std::move(value);
  auto result = T::FromItem(item);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, name);
  EXPECT_EQ(result.error().rule, "corrupt");
}

}  // namespace homeboard::model::testing

#endif  // HOMEBOARD_MODEL_INTERNAL_ENTITY_TESTING_H_
