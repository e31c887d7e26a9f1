// Tests for Share: key helpers, user and link shares round trip (with and without expiry,
// unicode titles at the limit), expiry boundaries, invalid values including the
// user/link/permission consistency rules, and corrupt items.
#include "model/share.h"

#include <gtest/gtest.h>

#include "model/api_token.h"
#include "model/internal/entity_testing.h"
#include "model/limits.h"

namespace homeboard::model {
namespace {

using namespace testing;  // NOLINT: test helpers
using ddb::AttributeValue;

Share UserShare() {
  return Share{.resource_kind = ResourceKind::kPage,
               .resource_id = kPage1,
               .grantee_id = kUserB,
               .link_hash = "",
               .share_id = kItem1,
               .owner_id = kUserA,
               .permission = Permission::kEdit,
               .resource_title = "Home",
               .created_at = kCreated,
               .expires_at = std::nullopt};
}

Share LinkShare() {
  Share share = UserShare();
  share.resource_kind = ResourceKind::kWidget;
  share.resource_id = kWidget1;
  share.grantee_id = "";
  share.link_hash = TokenHash("link-token");
  share.permission = Permission::kView;
  share.expires_at = 1'795'596'017;
  return share;
}

TEST(Share, KeyHelpers) {
  EXPECT_EQ(ResourceRef(ResourceKind::kPage, "P"), "page#P");
  EXPECT_EQ(ResourceRef(ResourceKind::kWidget, "W"), "widget#W");
  EXPECT_EQ(UserGrantee("U"), "user#U");
  EXPECT_EQ(LinkGrantee("abc"), "link#abc");
  EXPECT_EQ(UserShare().grantee(), std::string("user#") + kUserB);
  EXPECT_EQ(LinkShare().grantee(), "link#" + TokenHash("link-token"));
  EXPECT_EQ(UserShare().Key(),
            (ddb::Item{{"resource_ref", AttributeValue::S(std::string("page#") + kPage1)},
                       {"grantee", AttributeValue::S(std::string("user#") + kUserB)}}));
  EXPECT_EQ(Share::KeyOf(ResourceKind::kPage, kPage1, UserGrantee(kUserB)), UserShare().Key());
  EXPECT_EQ(Share::KeyOf(ResourceKind::kWidget, kWidget1, LinkGrantee(TokenHash("link-token"))),
            LinkShare().Key());
}

TEST(Share, RoundTrips) {
  ExpectRoundTrip(UserShare());
  ExpectRoundTrip(LinkShare());
  Share share = UserShare();
  share.resource_title = Repeat(kEmoji, kMaxTitleChars);
  share.expires_at = 0;
  share.permission = Permission::kView;
  ExpectRoundTrip(share);
  share.resource_title = std::string(kCombining) + " x";
  share.expires_at = kMaxEpochSeconds;
  ExpectRoundTrip(share);
}

TEST(Share, ItemShape) {
  ddb::Item user = UserShare().ToItem();
  EXPECT_EQ(user.at("grantee_id"), AttributeValue::S(kUserB));
  EXPECT_EQ(user.at("permission"), AttributeValue::S("edit"));
  EXPECT_FALSE(user.count("expires_at"));
  ddb::Item link = LinkShare().ToItem();
  EXPECT_FALSE(link.count("grantee_id"));  // absent from SharedWithIndex
  EXPECT_EQ(link.at("permission"), AttributeValue::S("view"));
  EXPECT_EQ(link.at("expires_at"), AttributeValue::N("1795596017"));
  EXPECT_EQ(link.at("owner_id"), AttributeValue::S(kUserA));
}

TEST(Share, Expiry) {
  EXPECT_FALSE(UserShare().IsExpiredAt(Time::max()));
  Share share = LinkShare();
  EXPECT_FALSE(share.IsExpiredAt(FromEpochSeconds(*share.expires_at - 1)));
  EXPECT_TRUE(share.IsExpiredAt(FromEpochSeconds(*share.expires_at)));
}

TEST(Share, RejectsInvalid) {
  ExpectRejected<Share>(
      UserShare(),
      {
          {"no resource", [](Share& s) { s.resource_id = ""; }, "resource_id", "required"},
          {"bad resource", [](Share& s) { s.resource_id = "p"; }, "resource_id", "pattern"},
          {"no grantee", [](Share& s) { s.grantee_id = ""; }, "grantee", "inconsistent"},
          {"both grantees", [](Share& s) { s.link_hash = TokenHash("x"); }, "grantee",
           "inconsistent"},
          {"bad grantee", [](Share& s) { s.grantee_id = "bob"; }, "grantee_id", "pattern"},
          {"self share", [](Share& s) { s.grantee_id = s.owner_id; }, "grantee_id", "inconsistent"},
          {"bad share id", [](Share& s) { s.share_id = ""; }, "share_id", "required"},
          {"bad owner", [](Share& s) { s.owner_id = "x"; }, "owner_id", "pattern"},
          {"no title", [](Share& s) { s.resource_title = ""; }, "resource_title", "required"},
          {"long title", [](Share& s) { s.resource_title = Repeat(kEmoji, 201); }, "resource_title",
           "max_length"},
          {"bad created", [](Share& s) { s.created_at = ""; }, "created_at", "required"},
          {"negative expiry", [](Share& s) { s.expires_at = -5; }, "expires_at", "range"},
      });
  ExpectRejected<Share>(
      LinkShare(),
      {
          {"edit link", [](Share& s) { s.permission = Permission::kEdit; }, "permission",
           "inconsistent"},
          {"raw token", [](Share& s) { s.link_hash = "link-token"; }, "link_hash", "pattern"},
          {"far expiry", [](Share& s) { s.expires_at = kMaxEpochSeconds + 1; }, "expires_at",
           "range"},
      });
}

TEST(Share, CorruptItems) {
  ExpectCorruptWithout(UserShare(), {"resource_ref", "grantee", "share_id", "owner_id",
                                     "permission", "resource_title", "created_at"});
  ExpectCorruptWith(UserShare(), "resource_ref", AttributeValue::S(std::string("note#") + kItem1));
  ExpectCorruptWith(UserShare(), "resource_ref", AttributeValue::S(kPage1));
  ExpectCorruptWith(UserShare(), "grantee", AttributeValue::S(std::string("group#") + kUserB));
  ExpectCorruptWith(UserShare(), "grantee_id", AttributeValue::S(kUserA));  // disagrees
  ExpectCorruptWith(LinkShare(), "grantee_id", AttributeValue::S(kUserB));  // link with user
  ExpectCorruptWith(UserShare(), "permission", AttributeValue::S("admin"));
  ExpectCorruptWith(LinkShare(), "expires_at", AttributeValue::N("1.5"));
  // A user share whose grantee_id attribute is missing is corrupt too.
  ddb::Item item = UserShare().ToItem();
  item.erase("grantee_id");
  auto result = Share::FromItem(item);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().field, "grantee_id");
  EXPECT_EQ(result.error().rule, "corrupt");
}

TEST(Share, ParseEnums) {
  ASSERT_OK_AND_ASSIGN(Permission permission, ParsePermission("edit"));
  EXPECT_EQ(permission, Permission::kEdit);
  ASSERT_OK_AND_ASSIGN(ResourceKind kind, ParseResourceKind("widget"));
  EXPECT_EQ(kind, ResourceKind::kWidget);
  EXPECT_EQ(ParsePermission("owner").error().rule, "enum");
  EXPECT_EQ(ParseResourceKind("note").error().rule, "enum");
}

}  // namespace
}  // namespace homeboard::model
