// TestServer for end-to-end tests of the API (header-only, test-only: it includes
// cpp-httplib's client): a real ApiServer on a free loopback port over a ServiceTestEnv
// (temporary SQLite store, fault injection, stepping clock), a FakeAuthenticator, the
// access log captured in memory, and a small client.
//
//   ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
//   std::string alice = server->AddUser("alice-token");
//   TestResponse created = server->Send("POST", "/api/v1/pages", "alice-token", R"({"title":"A"})");
//   EXPECT_EQ(created.status, 201);
#ifndef HOMEBOARD_SERVER_TESTING_SERVER_H_
#define HOMEBOARD_SERVER_TESTING_SERVER_H_

#include <httplib.h>

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "model/ids.h"
#include "server/api_server.h"
#include "server/request_json.h"
#include "server/testing_auth.h"
#include "service/testing_store.h"

namespace homeboard::server {

struct TestResponse {
  int status = 0;  // 0: no answer (connection failed)
  std::string body;
  httplib::Headers headers;

  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  // The body parsed (a kNull value when it is not JSON).
  JsonValue Json() const {
    auto parsed = ParseJson(body, JsonLimits{.max_depth = 64, .max_string_bytes = 1 << 24});
    return parsed.ok() ? std::move(parsed).value() : JsonValue{};
  }
  // Member `name` of the JSON body as a string ("" if absent or not a string).
  std::string JsonString(std::string_view name) const {
    JsonValue json = Json();
    const JsonValue* member = json.Find(name);
    return member != nullptr && member->type == JsonValue::Type::kString ? member->string : "";
  }
};

struct AccessLogLine {
  std::string method, path, route, request_id, user_id;
  int status = 0;
  std::size_t bytes = 0;
};

class TestServer {
 public:
  static service::Result<std::unique_ptr<TestServer>> Start(ApiServerOptions options = {}) {
    auto env = service::ServiceTestEnv::Open();
    if (!env.ok()) return service::FromStore(env.error());
    std::unique_ptr<TestServer> server(new TestServer());
    server->env_ = std::move(env).value();
    options.http.host = "127.0.0.1";
    options.http.port = 0;
    if (options.http.workers == HttpServerOptions{}.workers) options.http.workers = 4;
    TestServer* self = server.get();
    options.access_log = [self](const AccessLogEntry& entry) {
      std::lock_guard<std::mutex> lock(self->log_mu_);
      self->log_.push_back({std::string(entry.method), std::string(entry.path),
                            std::string(entry.route), std::string(entry.request_id),
                            std::string(entry.user_id), entry.status, entry.bytes});
    };
    // A test that makes its own authenticator (options.make_authenticator) gets that one.
    const Authenticator* auth = options.make_authenticator ? nullptr : &server->auth_;
    auto api = ApiServer::Create(server->env_->context, auth, std::move(options));
    if (!api.ok()) return api.error();
    server->api_ = std::move(api).value();
    auto started = server->api_->Start();
    if (!started.ok()) return started.error();
    return server;
  }

  ~TestServer() {
    if (api_) api_->Stop();
  }

  // A new user id whose bearer token is `token`.
  std::string AddUser(const std::string& token) {
    std::string user_id = model::NewId();
    auth_.AddToken(token, user_id);
    return user_id;
  }

  // One request on a fresh connection. `token` empty: no Authorization header.
  TestResponse Send(const std::string& method, const std::string& path, const std::string& token,
                    const std::string& body = "", httplib::Headers headers = {},
                    const std::string& content_type = "application/json") const {
    httplib::Client client("127.0.0.1", api_->port());
    client.set_read_timeout(30, 0);
    httplib::Request request;
    request.method = method;
    request.path = path;
    request.headers = std::move(headers);
    if (!token.empty()) request.headers.emplace("Authorization", "Bearer " + token);
    if (!body.empty() || method == "POST" || method == "PATCH" || method == "PUT") {
      request.body = body;
      if (!content_type.empty()) request.headers.emplace("Content-Type", content_type);
    }
    httplib::Result result = client.send(request);
    TestResponse response;
    if (!result) return response;
    response.status = result->status;
    response.body = result->body;
    response.headers = result->headers;
    return response;
  }

  std::vector<AccessLogLine> access_log() const {
    std::lock_guard<std::mutex> lock(log_mu_);
    return log_;
  }

  ApiServer& api() { return *api_; }
  service::ServiceTestEnv& env() { return *env_; }
  FakeAuthenticator& auth() { return auth_; }
  int port() const { return api_->port(); }

 private:
  TestServer() = default;

  std::unique_ptr<service::ServiceTestEnv> env_;
  FakeAuthenticator auth_;
  std::unique_ptr<ApiServer> api_;
  mutable std::mutex log_mu_;
  std::vector<AccessLogLine> log_;  // GUARDED_BY(log_mu_)
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_TESTING_SERVER_H_
