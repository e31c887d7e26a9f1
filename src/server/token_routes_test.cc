// End-to-end tests of /api/v1/tokens over real HTTP (TestServer: a temporary SQLite store,
// callers from the FakeAuthenticator): creating, listing, reading and revoking tokens, the
// secret shown once, bad bodies and ids, and other users' token ids answering 404.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "model/timestamp.h"
#include "server/testing_server.h"
#include "service/token_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

std::vector<JsonValue> Items(const TestResponse& response) {
  JsonValue json = response.Json();
  const JsonValue* items = json.Find("items");
  return items == nullptr ? std::vector<JsonValue>{} : items->items;
}

std::string Member(const JsonValue& object, std::string_view name) {
  const JsonValue* member = object.Find(name);
  return member != nullptr && member->type == JsonValue::Type::kString ? member->string : "";
}

TEST(TokenRoutes, CreateShowsTheSecretOnceAndItAuthenticates) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  std::string alice = server->AddUser("alice-token");
  TestResponse made = server->Send("POST", "/api/v1/tokens", "alice-token",
                                   R"({"name":"  nightly   backup ","expires_in_days":30})");
  ASSERT_EQ(made.status, 201) << made.body;
  std::string secret = made.JsonString("token");
  EXPECT_TRUE(secret.starts_with("hbk_"));
  EXPECT_EQ(secret.size(), service::kTokenLength);
  std::string id = made.JsonString("id");
  EXPECT_EQ(made.Header("Location"), "/api/v1/tokens/" + id);
  EXPECT_EQ(made.JsonString("name"), "nightly backup");
  EXPECT_EQ(made.JsonString("kind"), "api");
  ASSERT_OK_AND_ASSIGN(model::Time created, model::ParseTimestamp(made.JsonString("created_at")));
  ASSERT_OK_AND_ASSIGN(model::Time expires, model::ParseTimestamp(made.JsonString("expires_at")));
  EXPECT_NEAR(std::chrono::duration<double>(expires - created).count(), 30 * 86400.0, 2.0);

  // The secret is a real API token of the caller.
  service::TokenService tokens(server->env().context);
  ASSERT_OK_AND_ASSIGN(auto authenticated, tokens.Authenticate(secret));
  ASSERT_TRUE(authenticated.has_value());
  EXPECT_EQ(authenticated->caller.user_id, alice);
  EXPECT_EQ(authenticated->token_id, id);

  // Reads never show it again.
  TestResponse listed = server->Send("GET", "/api/v1/tokens", "alice-token");
  ASSERT_EQ(listed.status, 200) << listed.body;
  ASSERT_EQ(Items(listed).size(), 1u);
  EXPECT_EQ(Member(Items(listed)[0], "id"), id);
  EXPECT_EQ(Items(listed)[0].Find("token"), nullptr);
  EXPECT_EQ(listed.body.find(secret.substr(4)), std::string::npos);
  EXPECT_EQ(listed.Json().Find("next_cursor")->type, JsonValue::Type::kNull);
  TestResponse one = server->Send("GET", "/api/v1/tokens/" + id, "alice-token");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_EQ(one.JsonString("name"), "nightly backup");
  EXPECT_EQ(one.Json().Find("token"), nullptr);
}

TEST(TokenRoutes, ExpiryDefaultsToNinetyDaysAndNullMeansNever) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  TestResponse by_default = server->Send("POST", "/api/v1/tokens", "t", R"({"name":"a"})");
  ASSERT_EQ(by_default.status, 201) << by_default.body;
  ASSERT_OK_AND_ASSIGN(model::Time created,
                       model::ParseTimestamp(by_default.JsonString("created_at")));
  ASSERT_OK_AND_ASSIGN(model::Time expires,
                       model::ParseTimestamp(by_default.JsonString("expires_at")));
  EXPECT_NEAR(std::chrono::duration<double>(expires - created).count(), 90 * 86400.0, 2.0);

  TestResponse never =
      server->Send("POST", "/api/v1/tokens", "t", R"({"name":"b","expires_in_days":null})");
  ASSERT_EQ(never.status, 201) << never.body;
  EXPECT_EQ(never.Json().Find("expires_at")->type, JsonValue::Type::kNull);
  EXPECT_EQ(
      server->Send("POST", "/api/v1/tokens", "t", R"({"name":"c","expires_in_days":1825})").status,
      201);
  // Newest first.
  TestResponse listed = server->Send("GET", "/api/v1/tokens", "t");
  ASSERT_EQ(Items(listed).size(), 3u);
  EXPECT_EQ(Member(Items(listed)[0], "name"), "c");
  EXPECT_EQ(Member(Items(listed)[2], "name"), "a");
}

TEST(TokenRoutes, BadBodiesAreRefusedAndMakeNothing) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  struct Case {
    std::string body, field, rule;
  };
  for (const Case& c : std::vector<Case>{
           {R"({})", "name", "required"},
           {R"({"name":""})", "name", "required"},
           {R"({"name":"   "})", "name", "required"},
           {R"({"name":")" + std::string(201, 'x') + R"("})", "name", "max_length"},
           {R"({"name":"a","expires_in_days":0})", "expires_in_days", "range"},
           {R"({"name":"a","expires_in_days":-5})", "expires_in_days", "range"},
           {R"({"name":"a","expires_in_days":1826})", "expires_in_days", "range"},
           {R"({"name":"a","expires_in_days":99999999999999})", "expires_in_days", "range"},
           {R"({"name":"a","expires_in_days":1.5})", "expires_in_days", "type"},
           {R"({"name":"a","expires_in_days":"7"})", "expires_in_days", "type"},
           {R"({"name":"a","scopes":["all"]})", "scopes", "unknown_field"},
           {R"({"name":"a","id":"01J00000000000000000000000"})", "id", "read_only"},
           {R"({"name":"a","user_id":"01J00000000000000000000000"})", "user_id", "read_only"},
           {R"({"name":"a")", "body", "malformed_json"},
           {R"(["a"])", "body", "type"}}) {
    TestResponse response = server->Send("POST", "/api/v1/tokens", "t", c.body);
    EXPECT_EQ(response.status, 400) << c.body << " " << response.body;
    EXPECT_EQ(response.JsonString("field"), c.field) << c.body << " " << response.body;
    EXPECT_EQ(response.JsonString("rule"), c.rule) << c.body << " " << response.body;
  }
  EXPECT_EQ(Items(server->Send("GET", "/api/v1/tokens", "t")).size(), 0u);
}

TEST(TokenRoutes, RevokeDeletesAndOtherUsersTokensAre404) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("alice");
  server->AddUser("bob");
  TestResponse made = server->Send("POST", "/api/v1/tokens", "alice", R"({"name":"a"})");
  ASSERT_EQ(made.status, 201);
  std::string id = made.JsonString("id");
  std::string secret = made.JsonString("token");

  // Bob can neither see nor revoke Alice's token, and learns nothing from trying.
  TestResponse bob_get = server->Send("GET", "/api/v1/tokens/" + id, "bob");
  EXPECT_EQ(bob_get.status, 404) << bob_get.body;
  EXPECT_EQ(bob_get.JsonString("code"), "not_found");
  TestResponse bob_delete = server->Send("DELETE", "/api/v1/tokens/" + id, "bob");
  EXPECT_EQ(bob_delete.status, 404) << bob_delete.body;
  std::string missing = "01J0000000000000000000000Z";
  TestResponse nobody = server->Send("DELETE", "/api/v1/tokens/" + missing, "bob");
  EXPECT_EQ(nobody.status, 404);
  EXPECT_EQ(nobody.JsonString("detail").empty(), bob_delete.JsonString("detail").empty());
  EXPECT_EQ(Items(server->Send("GET", "/api/v1/tokens", "bob")).size(), 0u);
  service::TokenService tokens(server->env().context);
  ASSERT_OK_AND_ASSIGN(auto still, tokens.Authenticate(secret));
  EXPECT_TRUE(still.has_value());

  // Bad ids are 400s naming the id.
  for (std::string bad :
       {std::string("nope"), std::string("01J0000000000000000000000!"), std::string(27, '0')}) {
    TestResponse response = server->Send("DELETE", "/api/v1/tokens/" + bad, "alice");
    EXPECT_EQ(response.status, 400) << bad << " " << response.body;
    EXPECT_EQ(response.JsonString("field"), "token_id");
    EXPECT_EQ(server->Send("GET", "/api/v1/tokens/" + bad, "alice").status, 400);
  }

  EXPECT_EQ(server->Send("DELETE", "/api/v1/tokens/" + id, "alice").status, 204);
  ASSERT_OK_AND_ASSIGN(auto gone, tokens.Authenticate(secret));
  EXPECT_FALSE(gone.has_value());
  EXPECT_EQ(server->Send("DELETE", "/api/v1/tokens/" + id, "alice").status, 404);
  EXPECT_EQ(server->Send("GET", "/api/v1/tokens/" + id, "alice").status, 404);
}

TEST(TokenRoutes, NeedAuthentication) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  EXPECT_EQ(server->Send("GET", "/api/v1/tokens", "").status, 401);
  EXPECT_EQ(server->Send("POST", "/api/v1/tokens", "", R"({"name":"a"})").status, 401);
  EXPECT_EQ(server->Send("DELETE", "/api/v1/tokens/01J0000000000000000000000Z", "").status, 401);
}

}  // namespace
}  // namespace homeboard::server
