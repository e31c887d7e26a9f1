// End-to-end tests of the server core over real HTTP on a loopback port: system routes,
// request ids, problem+json, authentication, routing errors, limits, keep-alive, graceful
// shutdown with a request in flight, the access log, metrics and the OpenAPI document.
#include "server/api_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "server/rest.h"
#include "server/testing_gzip.h"
#include "server/testing_server.h"
#include "service/page_service.h"
#include "testing/status_matchers.h"

namespace homeboard::server {
namespace {

using Op = service::FaultInjectingStore::Op;

// A raw TCP connection, for what the client library hides (several requests on one
// connection, malformed requests).
class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  }
  ~RawConnection() { close(fd_); }

  bool connected() const { return connected_; }

  bool Write(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response with a Content-Length body; "" if the connection ends first.
  std::string ReadResponse() {
    while (true) {
      std::size_t end = buffer_.find("\r\n\r\n");
      if (end != std::string::npos) {
        std::smatch match;
        std::string head = buffer_.substr(0, end);
        std::size_t length = 0;
        if (std::regex_search(head, match, std::regex("[Cc]ontent-[Ll]ength: *([0-9]+)"))) {
          length = std::stoul(match[1]);
        }
        if (buffer_.size() >= end + 4 + length) {
          std::string response = buffer_.substr(0, end + 4 + length);
          buffer_.erase(0, end + 4 + length);
          return response;
        }
      }
      char chunk[4096];
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) return "";
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }

  // True if the server closed the connection (recv returns 0).
  bool ClosedByPeer() {
    char byte;
    return buffer_.empty() && recv(fd_, &byte, 1, 0) == 0;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
  std::string buffer_;
};

void ExpectProblem(const TestResponse& response, int status, std::string_view code) {
  EXPECT_EQ(response.status, status) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  JsonValue json = response.Json();
  ASSERT_EQ(json.type, JsonValue::Type::kObject) << response.body;
  ASSERT_NE(json.Find("type"), nullptr);
  EXPECT_EQ(json.Find("type")->string, "urn:homeboard:problem:" + std::string(code));
  ASSERT_NE(json.Find("title"), nullptr);
  EXPECT_FALSE(json.Find("title")->string.empty());
  ASSERT_NE(json.Find("status"), nullptr);
  EXPECT_EQ(json.Find("status")->integer, status);
  ASSERT_NE(json.Find("code"), nullptr);
  EXPECT_EQ(json.Find("code")->string, code);
  ASSERT_NE(json.Find("request_id"), nullptr);
  EXPECT_EQ(json.Find("request_id")->string, response.Header("X-Request-Id"));
}

TEST(ApiServer, HealthzAnswersWithAGeneratedRequestId) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  TestResponse response = server->Send("GET", "/healthz", "");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  EXPECT_EQ(response.JsonString("status"), "ok");
  EXPECT_TRUE(model::IsValidId(response.Header("X-Request-Id"))) << response.Header("X-Request-Id");
}

TEST(ApiServer, EchoesASaneRequestIdAndReplacesOthers) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  TestResponse echoed = server->Send("GET", "/healthz", "", "", {{"X-Request-Id", "trace-42.a:b_c"}});
  EXPECT_EQ(echoed.Header("X-Request-Id"), "trace-42.a:b_c");
  TestResponse replaced =
      server->Send("GET", "/healthz", "", "", {{"X-Request-Id", "bad id with spaces"}});
  EXPECT_TRUE(model::IsValidId(replaced.Header("X-Request-Id")));
  TestResponse too_long = server->Send("GET", "/healthz", "", "", {{"X-Request-Id", std::string(129, 'a')}});
  EXPECT_TRUE(model::IsValidId(too_long.Header("X-Request-Id")));
}

TEST(ApiServer, ReadyzReportsTheStore) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  EXPECT_EQ(server->Send("GET", "/readyz", "").status, 200);
  server->env().faulty.Inject({.op = Op::kGet,
                               .code = store::Error::Code::kUnavailable,
                               .when = service::FaultInjectingStore::When::kBefore});
  TestResponse down = server->Send("GET", "/readyz", "");
  ExpectProblem(down, 503, "unavailable");
  EXPECT_EQ(down.Header("Retry-After"), "1");
  EXPECT_EQ(server->Send("GET", "/readyz", "").status, 200);
}

TEST(ApiServer, ApiRoutesNeedCredentials) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("good-token");
  TestResponse anonymous = server->Send("GET", "/api/v1/pages", "");
  ExpectProblem(anonymous, 401, "unauthorized");
  EXPECT_EQ(anonymous.Header("WWW-Authenticate"), "Bearer realm=\"homeboard\"");
  TestResponse bad = server->Send("GET", "/api/v1/pages", "wrong-token");
  ExpectProblem(bad, 401, "unauthorized");
  EXPECT_EQ(bad.Json().Find("detail")->string, "invalid token");
  TestResponse write = server->Send("POST", "/api/v1/pages", "", R"({"title":"x"})");
  ExpectProblem(write, 401, "unauthorized");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "good-token").status, 200);
  // Public routes stay public.
  EXPECT_EQ(server->Send("GET", "/api/v1/openapi.json", "").status, 200);
  EXPECT_EQ(server->Send("GET", "/metrics", "").status, 200);
  // A revoked token stops working at once.
  server->auth().RemoveToken("good-token");
  ExpectProblem(server->Send("GET", "/api/v1/pages", "good-token"), 401, "unauthorized");
}

TEST(ApiServer, UnknownPathsAndMethodsAreProblems) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  ExpectProblem(server->Send("GET", "/api/v1/nothing-here", "t"), 404, "not_found");
  ExpectProblem(server->Send("GET", "/", ""), 404, "not_found");
  TestResponse wrong_method = server->Send("PUT", "/api/v1/pages", "t", "{}");
  ExpectProblem(wrong_method, 405, "method_not_allowed");
  EXPECT_EQ(wrong_method.Header("Allow"), "GET, POST");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages/", "t").status, 404);
}

TEST(ApiServer, ApiResponsesAreNotCached) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "t").Header("Cache-Control"), "no-store");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "").Header("Cache-Control"), "no-store");
}

TEST(ApiServer, OversizedBodiesAre413Problems) {
  ApiServerOptions options;
  options.http.max_body_bytes = 4096;
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  server->AddUser("t");
  std::string big = R"({"title":")" + std::string(5000, 'a') + R"("})";
  TestResponse response = server->Send("POST", "/api/v1/pages", "t", big);
  ExpectProblem(response, 413, "payload_too_large");
  EXPECT_EQ(response.Json().Find("field")->string, "body");
  // Nothing was created.
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "t").Json().Find("items")->items.size(), 0u);
}

TEST(ApiServer, DefaultBodyLimitIsOneMebibyte) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  std::string big = R"({"title":")" + std::string(std::size_t{1} << 20, 'a') + R"("})";
  ExpectProblem(server->Send("POST", "/api/v1/pages", "t", big), 413, "payload_too_large");
}

TEST(ApiServer, TooManyHeadersAre431) {
  ApiServerOptions options;
  options.max_header_count = 10;
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  httplib::Headers headers;
  for (int i = 0; i < 12; ++i) headers.emplace("X-Filler-" + std::to_string(i), "x");
  ExpectProblem(server->Send("GET", "/healthz", "", "", headers), 431, "headers_too_large");
}

TEST(ApiServer, MalformedRequestLineIsA400Problem) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Write("THIS IS NOT HTTP\r\n\r\n"));
  std::string response = connection.ReadResponse();
  EXPECT_TRUE(response.starts_with("HTTP/1.1 400")) << response;
  EXPECT_NE(response.find("application/problem+json"), std::string::npos) << response;
}

TEST(ApiServer, WritesWithoutContentLengthHaveAnEmptyBodyAndAreAnsweredAtOnce) {
  // No Content-Length and no Transfer-Encoding: no body (RFC 9112 6.3), as `curl -X POST`
  // without -d sends. The read timeout is far above the client's, so waiting for a body
  // that never comes would fail the test rather than slow it.
  ApiServerOptions options;
  options.http.read_timeout = std::chrono::seconds(60);
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  server->AddUser("alice");
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.connected());
  for (std::string_view method : {"POST", "PATCH", "PUT"}) {
    ASSERT_TRUE(connection.Write(std::string(method) +
                                 " /api/v1/pages HTTP/1.1\r\nHost: test\r\n"
                                 "Content-Type: application/json\r\n"
                                 "Authorization: Bearer alice\r\n\r\n"));
    std::string response = connection.ReadResponse();
    ASSERT_FALSE(response.empty()) << method << ": no answer";
    if (method == "POST") {
      // Routed and read as an empty body: the API's own problem, not the transport's.
      EXPECT_TRUE(response.starts_with("HTTP/1.1 400")) << response;
      EXPECT_EQ(response.find("the request could not be parsed"), std::string::npos) << response;
      EXPECT_NE(response.find("\"field\":"), std::string::npos) << response;
    } else {
      EXPECT_TRUE(response.starts_with("HTTP/1.1 405")) << response;
    }
  }
  // The connection is still in step: the next request is answered normally.
  ASSERT_TRUE(connection.Write("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"));
  EXPECT_TRUE(connection.ReadResponse().starts_with("HTTP/1.1 200"));
}

// The body of a raw response (after its blank line) and whether a header line is present.
std::string BodyOf(const std::string& response) {
  std::size_t end = response.find("\r\n\r\n");
  return end == std::string::npos ? "" : response.substr(end + 4);
}
bool HasHeader(const std::string& response, std::string_view line) {
  return response.find(std::string("\r\n") + std::string(line) + "\r\n") != std::string::npos;
}

TEST(ApiServer, GzipsLargeJsonForClientsThatAcceptItAndNeverBrotli) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.connected());
  auto get = [&](std::string_view accept_encoding) {
    std::string request = "GET /api/v1/openapi.json HTTP/1.1\r\nHost: test\r\n";
    if (!accept_encoding.empty()) {
      request += "Accept-Encoding: " + std::string(accept_encoding) + "\r\n";
    }
    EXPECT_TRUE(connection.Write(request + "\r\n"));
    return connection.ReadResponse();
  };
  const std::string plain = get("");
  ASSERT_TRUE(plain.starts_with("HTTP/1.1 200")) << plain;
  EXPECT_FALSE(HasHeader(plain, "Content-Encoding: gzip"));
  EXPECT_TRUE(HasHeader(plain, "Vary: Accept-Encoding"));
  const std::string document = BodyOf(plain);
  ASSERT_GT(document.size(), 1024u);
  EXPECT_EQ(document, server->api().openapi_json());

  // What browsers send: gzip, although br is offered too (the library's Brotli is far too slow).
  const std::string browser = get("gzip, deflate, br");
  ASSERT_TRUE(browser.starts_with("HTTP/1.1 200")) << browser;
  EXPECT_TRUE(HasHeader(browser, "Content-Encoding: gzip")) << browser.substr(0, 400);
  EXPECT_TRUE(HasHeader(browser, "Vary: Accept-Encoding"));
  EXPECT_LT(BodyOf(browser).size(), document.size() / 3);
  EXPECT_EQ(Gunzip(BodyOf(browser)), document);

  // Offers without gzip get the plain body.
  for (std::string_view offer : {"br", "gzip;q=0, br", "identity"}) {
    const std::string response = get(offer);
    EXPECT_EQ(response.find("Content-Encoding"), std::string::npos) << offer;
    EXPECT_EQ(BodyOf(response), document) << offer;
  }
}

TEST(ApiServer, KeepAliveServesSeveralRequestsOnOneConnectionThenCloses) {
  ApiServerOptions options;
  options.http.keep_alive_max_requests = 3;
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.connected());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.Write("GET /healthz HTTP/1.1\r\nHost: test\r\n\r\n"));
    std::string response = connection.ReadResponse();
    ASSERT_TRUE(response.starts_with("HTTP/1.1 200")) << i << ": " << response;
    bool closing = response.find("Connection: close") != std::string::npos;
    EXPECT_EQ(closing, i == 2) << response;
  }
  EXPECT_TRUE(connection.ClosedByPeer());
}

TEST(ApiServer, GracefulShutdownFinishesTheRequestInFlight) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  std::mutex mu;
  std::condition_variable changed;
  bool in_write = false;
  bool release = false;
  server->env().faulty.SetBeforeWrite([&](Op) {
    std::unique_lock<std::mutex> lock(mu);
    in_write = true;
    changed.notify_all();
    changed.wait(lock, [&] { return release; });
  });
  TestResponse created;
  std::thread client([&] { created = server->Send("POST", "/api/v1/pages", "t", R"({"title":"Late"})"); });
  {
    std::unique_lock<std::mutex> lock(mu);
    changed.wait(lock, [&] { return in_write; });
  }
  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    server->api().Stop();
    stopped = true;
  });
  // Once the listening socket is closed, new connections are refused.
  bool refused = false;
  for (int attempt = 0; attempt < 2000 && !refused; ++attempt) {
    RawConnection probe(server->port());
    refused = !probe.connected();
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(refused);
  EXPECT_FALSE(stopped) << "Stop returned while a request was in flight";
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
    changed.notify_all();
  }
  client.join();
  stopper.join();
  EXPECT_TRUE(stopped);
  EXPECT_EQ(created.status, 201) << created.body;
  server->env().faulty.SetBeforeWrite(nullptr);
  service::PageService pages(server->env().context);
  ASSERT_OK_AND_ASSIGN(auto listed, pages.List(service::Caller{server->access_log().back().user_id}));
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].title, "Late");
}

TEST(ApiServer, LogsOneLinePerRequestWithTheRoutePattern) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  std::string user = server->AddUser("t");
  TestResponse created = server->Send("POST", "/api/v1/pages", "t", R"({"title":"A"})");
  server->Send("GET", created.Header("Location"), "t", "", {{"X-Request-Id", "req-1"}});
  server->Send("GET", "/nope", "");
  std::vector<AccessLogLine> log = server->access_log();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].method, "POST");
  EXPECT_EQ(log[0].route, "/api/v1/pages");
  EXPECT_EQ(log[0].status, 201);
  EXPECT_EQ(log[0].user_id, user);
  EXPECT_EQ(log[1].route, "/api/v1/pages/{id}");
  EXPECT_EQ(log[1].path, created.Header("Location"));
  EXPECT_EQ(log[1].request_id, "req-1");
  EXPECT_GT(log[1].bytes, 0u);
  EXPECT_EQ(log[2].route, "unmatched");
  EXPECT_EQ(log[2].status, 404);
  EXPECT_EQ(log[2].user_id, "");
}

TEST(AccessLog, FormatsOneSafeLine) {
  std::string line = FormatAccessLog({.method = "GET",
                                      .path = "/a\nb",
                                      .route = "unmatched",
                                      .status = 404,
                                      .duration = std::chrono::microseconds(1500),
                                      .bytes = 12,
                                      .request_id = "r1",
                                      .remote_address = "127.0.0.1"});
  EXPECT_EQ(line,
            "method=GET route=unmatched path=/a b status=404 duration_ms=1.500 bytes=12 "
            "request_id=r1 remote=127.0.0.1 user=-");
}

// Every sample line of the exposition text: name{labels} value.
std::map<std::string, double> ParseMetrics(const std::string& text) {
  std::map<std::string, double> samples;
  std::regex sample(R"(^([a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})?) ([0-9.eE+-]+|\+Inf|NaN)$)");
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line.starts_with("# HELP ") || line.starts_with("# TYPE ")) continue;
    std::smatch match;
    EXPECT_TRUE(std::regex_match(line, match, sample)) << "not a sample: " << line;
    if (match.size() > 3) samples[match[1]] = std::stod(match[3]);
  }
  return samples;
}

TEST(ApiServer, MetricsCountRequestsStoreCallsAndLatency) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  server->AddUser("t");
  server->Send("GET", "/healthz", "");
  server->Send("GET", "/healthz", "");
  server->Send("POST", "/api/v1/pages", "t", R"({"title":"A"})");
  server->Send("GET", "/api/v1/pages", "");
  TestResponse metrics = server->Send("GET", "/metrics", "");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.Header("Content-Type").starts_with("text/plain; version=0.0.4"));
  std::map<std::string, double> samples = ParseMetrics(metrics.body);
  EXPECT_EQ(samples[R"(homeboard_http_requests_total{method="GET",route="/healthz",status="200"})"], 2);
  EXPECT_EQ(samples[R"(homeboard_http_requests_total{method="POST",route="/api/v1/pages",status="201"})"], 1);
  EXPECT_EQ(samples[R"(homeboard_http_requests_total{method="GET",route="/api/v1/pages",status="401"})"], 1);
  EXPECT_EQ(samples[R"(homeboard_http_request_duration_seconds_count{method="GET",route="/healthz"})"], 2);
  EXPECT_EQ(samples[R"(homeboard_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"})"], 2);
  // The /metrics request itself is in flight while rendering.
  EXPECT_EQ(samples["homeboard_http_requests_in_flight"], 1);
  EXPECT_GE(samples[R"(homeboard_store_calls_total{op="Query",outcome="ok"})"], 1);
  EXPECT_GE(samples[R"(homeboard_store_calls_total{op="Transact",outcome="ok"})"] +
                samples[R"(homeboard_store_calls_total{op="Put",outcome="ok"})"],
            1);
  // Buckets are cumulative.
  double previous = 0;
  for (double bound : Metrics::kBuckets) {
    std::string key = fmt::format(
        R"(homeboard_http_request_duration_seconds_bucket{{method="GET",route="/healthz",le="{}"}})",
        bound);
    ASSERT_EQ(samples.count(key), 1u) << key;
    EXPECT_GE(samples[key], previous);
    previous = samples[key];
  }
}

TEST(ApiServer, AMadeAuthenticatorWorksOverTheMeteredStore) {
  ApiServerOptions options;
  store::ItemStore* given_store = nullptr;
  options.make_authenticator = [&given_store](const service::ServiceContext& context)
      -> service::Result<std::unique_ptr<Authenticator>> {
    given_store = context.store;
    auto authenticator = std::make_unique<FakeAuthenticator>();
    authenticator->AddToken("made", "01J00000000000000000000000");
    return std::unique_ptr<Authenticator>(std::move(authenticator));
  };
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  ASSERT_NE(given_store, nullptr);
  EXPECT_NE(given_store, server->env().context.store) << "not the bare store";
  // Its store calls are counted like the handlers'.
  ASSERT_OK(given_store->Get({.table = server->env().context.Table(model::kUsersTable),
                              .key = {{"user_id", ddb::AttributeValue::S("nobody")}}}));
  EXPECT_NE(server->api().metrics().RenderPrometheus().find(
                "homeboard_store_calls_total{op=\"Get\",outcome=\"ok\"}"),
            std::string::npos);
  // And it is the one that authenticates.
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "made").status, 200);
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "other").status, 401);

  // Its failure fails the server, and both ways at once is a bug.
  ApiServerOptions failing;
  failing.make_authenticator = [](const service::ServiceContext&)
      -> service::Result<std::unique_ptr<Authenticator>> {
    return service::InvalidArgument("trusted_proxies", "cidr", "bad proxy");
  };
  auto refused = TestServer::Start(failing);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, service::Error::Code::kInvalidArgument);
}

TEST(ApiServer, OpenApiDocumentsEveryRouteAndNothingElse) {
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start());
  TestResponse response = server->Send("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(response.status, 200);
  JsonValue document = response.Json();
  ASSERT_EQ(document.type, JsonValue::Type::kObject) << response.body;
  EXPECT_EQ(document.Find("openapi")->string, "3.1.0");
  const JsonValue* paths = document.Find("paths");
  ASSERT_NE(paths, nullptr);
  const JsonValue* schemas = document.Find("components")->Find("schemas");
  ASSERT_NE(schemas, nullptr);

  std::set<std::pair<std::string, std::string>> routes;
  for (const Route& route : server->api().routes().routes()) {
    std::string method = route.method;
    for (char& c : method) c = static_cast<char>(std::tolower(c));
    routes.emplace(route.path, method);
    const JsonValue* path = paths->Find(route.path);
    ASSERT_NE(path, nullptr) << route.path << " is not documented";
    const JsonValue* operation = path->Find(method);
    ASSERT_NE(operation, nullptr) << route.method << " " << route.path << " is not documented";
    EXPECT_EQ(operation->Find("operationId")->string, route.operation_id);
    EXPECT_NE(operation->Find("responses")->Find(std::to_string(route.success_status)), nullptr);
  }
  std::set<std::string> operation_ids;
  for (const auto& [path, operations] : paths->members) {
    for (const auto& [method, operation] : operations.members) {
      EXPECT_EQ(routes.count({path, method}), 1u) << method << " " << path << " has no route";
      EXPECT_TRUE(operation_ids.insert(operation.Find("operationId")->string).second);
    }
  }
  // Every $ref points at a schema that exists.
  std::regex ref(R"re("\$ref":"#/components/schemas/([A-Za-z0-9_]+)")re");
  for (auto it = std::sregex_iterator(response.body.begin(), response.body.end(), ref);
       it != std::sregex_iterator(); ++it) {
    EXPECT_NE(schemas->Find((*it)[1].str()), nullptr) << (*it)[1];
  }
}

TEST(ApiServer, RefusesConflictingRoutes) {
  auto env = service::ServiceTestEnv::Open();
  ASSERT_TRUE(env.ok());
  ApiServerOptions options;
  options.extra_routes = [](ApiBuilder& api) {
    api.Add({.method = "GET",
             .path = "/api/v1/pages/{other}",
             .operation_id = "clash",
             .handler = [](RequestContext&) -> Reply { return NoContent(); }});
  };
  auto server = ApiServer::Create((*env)->context, nullptr, options);
  ASSERT_FALSE(server.ok());
  EXPECT_NE(server.error().message.find("conflicts"), std::string::npos) << server.error().message;
}

TEST(ApiServer, ExtraRoutesAreServedAndDocumented) {
  ApiServerOptions options;
  options.extra_routes = [](ApiBuilder& api) {
    api.Add({.method = "GET",
             .path = "/api/v1/echo/{word}",
             .operation_id = "echo",
             .auth = AuthPolicy::kPublic,
             .handler = [](RequestContext& context) -> Reply {
               return JsonReply(200, "\"" + std::string(context.PathParam("word")) + "\"");
             }});
  };
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  TestResponse response = server->Send("GET", "/api/v1/echo/hello", "");
  EXPECT_EQ(response.body, "\"hello\"");
  EXPECT_NE(server->api().openapi_json().find("/api/v1/echo/{word}"), std::string::npos);
}


TEST(ApiServer, RateLimitsApiRoutesButNotMonitoring) {
  // A stopped clock: no tokens come back during the test.
  auto now = std::make_shared<std::chrono::steady_clock::time_point>();
  ApiRateLimits limits(ApiRateLimitOptions{
      .per_address = {.rate_per_second = 1, .burst = 3, .clock = [now] { return *now; }},
      .per_credential = {.rate_per_second = 1, .burst = 2, .clock = [now] { return *now; }}});
  ApiServerOptions options;
  options.rate_limits = &limits;
  ASSERT_OK_AND_ASSIGN(auto server, TestServer::Start(options));
  server->AddUser("t");
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "t").status, 200);
  EXPECT_EQ(server->Send("GET", "/api/v1/pages", "t").status, 200);
  TestResponse limited = server->Send("GET", "/api/v1/pages", "t");
  ExpectProblem(limited, 429, "too_many_requests");
  EXPECT_FALSE(limited.Header("Retry-After").empty());
  // The per-address bucket (3) is now empty too; monitoring routes are never limited.
  ExpectProblem(server->Send("GET", "/api/v1/openapi.json", ""), 429, "too_many_requests");
  for (int i = 0; i < 10; ++i) EXPECT_EQ(server->Send("GET", "/healthz", "").status, 200);
  EXPECT_EQ(server->Send("GET", "/metrics", "").status, 200);
}

}  // namespace
}  // namespace homeboard::server
