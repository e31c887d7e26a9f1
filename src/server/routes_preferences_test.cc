// End-to-end tests of /api/v1/preferences: defaults at version 0, the first write creating
// them, partial changes, clearing with null, If-Match, and refused bodies.
#include <gtest/gtest.h>

#include "server/testing_server.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

class PreferencesApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_OK_AND_ASSIGN(server_, TestServer::Start());
    server_->AddUser("alice");
    server_->AddUser("bob");
  }

  TestResponse Patch(const std::string& body, const std::string& etag,
                     const std::string& token = "alice") {
    return server_->Send("PATCH", "/api/v1/preferences", token, body, {{"If-Match", etag}});
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(PreferencesApiTest, DefaultsThenPartialUpdates) {
  TestResponse defaults = server_->Send("GET", "/api/v1/preferences", "alice");
  ASSERT_EQ(defaults.status, 200) << defaults.body;
  EXPECT_EQ(defaults.Header("ETag"), "\"0\"");
  EXPECT_EQ(defaults.body,
            R"({"theme":"system","default_page_id":null,"time_zone":null,"locale":null,)"
            R"("open_links_in_new_tab":false,"updated_at":null,"version":0})");

  TestResponse first = Patch(R"({"theme":"dark","time_zone":"Europe/Paris"})", "\"0\"");
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(first.Header("ETag"), "\"1\"");
  EXPECT_EQ(first.JsonString("theme"), "dark");
  EXPECT_EQ(first.JsonString("time_zone"), "Europe/Paris");
  EXPECT_EQ(first.JsonString("updated_at").size(), 24u);

  TestResponse second = Patch(R"({"open_links_in_new_tab":true,"time_zone":null})", "\"1\"");
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.JsonString("theme"), "dark");
  EXPECT_EQ(second.Json().Find("time_zone")->type, JsonValue::Type::kNull);
  EXPECT_EQ(second.Json().Find("open_links_in_new_tab")->boolean, true);
  EXPECT_EQ(second.Header("ETag"), "\"2\"");

  // Bob's are his own.
  EXPECT_EQ(server_->Send("GET", "/api/v1/preferences", "bob").Header("ETag"), "\"0\"");
  EXPECT_EQ(server_->Send("GET", "/api/v1/preferences", "alice").body, second.body);
}

TEST_F(PreferencesApiTest, StaleOrMissingVersionsChangeNothing) {
  ASSERT_EQ(Patch(R"({"theme":"dark"})", "\"0\"").status, 200);
  TestResponse stale = Patch(R"({"theme":"light"})", "\"0\"");
  EXPECT_EQ(stale.status, 412) << stale.body;
  EXPECT_EQ(stale.Json().Find("code")->string, "precondition_failed");
  TestResponse missing =
      server_->Send("PATCH", "/api/v1/preferences", "alice", R"({"theme":"light"})");
  EXPECT_EQ(missing.status, 428);
  EXPECT_EQ(server_->Send("GET", "/api/v1/preferences", "alice").JsonString("theme"), "dark");
}

TEST_F(PreferencesApiTest, RefusesBadBodiesNamingTheField) {
  struct Case {
    std::string body;
    std::string field;
    std::string rule;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"theme":"blue"})", "theme", "enum"},
           {R"({"theme":null})", "theme", "type"},
           {R"({"open_links_in_new_tab":"yes"})", "open_links_in_new_tab", "type"},
           {R"({"font":"serif"})", "font", "unknown_field"},
           {R"({"version":3})", "version", "read_only"},
           {R"({"user_id":"01J0000000000000000000000Z"})", "user_id", "read_only"},
           {R"({"updated_at":"2026-01-01T00:00:00.000Z"})", "updated_at", "read_only"},
           {R"({})", "body", "required"},
           {R"({"time_zone":"not a zone"})", "time_zone", ""},
           {R"({"default_page_id":"01J0000000000000000000000Z"})", "default_page_id", "not_found"},
       }) {
    TestResponse response = Patch(c.body, "\"0\"");
    EXPECT_GE(response.status, 400) << c.body;
    EXPECT_LT(response.status, 500) << c.body;
    EXPECT_EQ(response.Header("Content-Type"), "application/problem+json") << c.body;
    JsonValue json = response.Json();
    ASSERT_NE(json.Find("field"), nullptr) << c.body << " -> " << response.body;
    EXPECT_EQ(json.Find("field")->string, c.field) << c.body << " -> " << response.body;
    if (!c.rule.empty()) {
      EXPECT_EQ(json.Find("rule")->string, c.rule) << c.body << " -> " << response.body;
    }
  }
  EXPECT_EQ(server_->Send("GET", "/api/v1/preferences", "alice").Header("ETag"), "\"0\"");
}

}  // namespace
}  // namespace homeboard::server
