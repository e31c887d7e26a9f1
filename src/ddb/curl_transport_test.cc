// Tests for CurlTransport over loopback against testing::FakeHttpServer, which also get
// their own tests here (src/testing has no test executables). Every fault a real server
// cannot produce on demand is injected by the fake; tests assert outcomes only (codes,
// counts, bytes), never how long something took.
#include "ddb/curl_transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testing/fake_http_server.h"
#include "testing/status_matchers.h"

namespace homeboard::ddb {
namespace {

using ::homeboard::testing::FakeHttpServer;
using ::homeboard::testing::FakeResponse;
using ::homeboard::testing::ReceivedRequest;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::unique_ptr<FakeHttpServer> StartServer(FakeHttpServer::Handler handler) {
  auto server = FakeHttpServer::Start(std::move(handler));
  EXPECT_TRUE(server.ok()) << server.error().ToString();
  return server.ok() ? std::move(server).value() : nullptr;
}

std::unique_ptr<CurlTransport> MakeTransport(CurlTransportOptions options = {}) {
  auto transport = CurlTransport::Create(options);
  EXPECT_TRUE(transport.ok()) << transport.error().ToString();
  return transport.ok() ? std::move(transport).value() : nullptr;
}

HttpRequest Post(const std::string& url, std::string body = "{}") {
  HttpRequest request;
  request.method = "POST";
  request.url = url;
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.GetItem"}};
  request.body = std::move(body);
  return request;
}

// Waits for a condition another thread will make true; the bound only stops a broken
// test from hanging, the test's outcome never depends on it.
bool WaitUntil(const std::function<bool()>& condition) {
  const auto give_up = std::chrono::steady_clock::now() + 20s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > give_up) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

// A port on 127.0.0.1 with nothing listening: bound once, then released.
int UnusedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  EXPECT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  close(fd);
  return ntohs(address.sin_port);
}

std::string BinaryBody(std::size_t size, unsigned seed) {
  std::string body(size, '\0');
  unsigned state = seed;
  for (char& c : body) {
    state = state * 1103515245u + 12345u;
    c = static_cast<char>(state >> 16);
  }
  return body;
}

// Releases blocked handlers when the test says so.
class Gate {
 public:
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  void Wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [this] { return open_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

TEST(CurlTransport, PostRoundTripsHeadersAndBody) {
  auto server = StartServer([](const ReceivedRequest& request) {
    return FakeResponse::Ok("echo:" + request.body)
        .Header("X-Amz-Crc32", "12345")
        .Header("X-Amzn-RequestId", "REQ-1")
        .Header("Content-Type", "application/x-amz-json-1.0");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_NE(transport, nullptr);

  HttpRequest request = Post(server->url() + "/some/path?q=1", R"({"TableName":"T"})");
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(request));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, R"(echo:{"TableName":"T"})");
  // Names are lower-cased; lookup works with the lower-case name and ignores case.
  for (const auto& [name, value] : response.headers) {
    for (char c : name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << name;
  }
  EXPECT_EQ(response.Header("x-amz-crc32"), "12345");
  EXPECT_EQ(response.Header("x-amzn-requestid"), "REQ-1");
  EXPECT_EQ(response.Header("X-Amzn-RequestId"), "REQ-1");
  EXPECT_EQ(response.Header("content-length"), "22");
  EXPECT_EQ(response.Header("x-missing"), std::nullopt);

  std::vector<ReceivedRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method, "POST");
  EXPECT_EQ(seen[0].target, "/some/path?q=1");
  EXPECT_EQ(seen[0].path, "/some/path");
  EXPECT_EQ(seen[0].body, R"({"TableName":"T"})");
  EXPECT_EQ(seen[0].Header("x-amz-target"), "DynamoDB_20120810.GetItem");
  EXPECT_EQ(seen[0].Header("content-type"), "application/x-amz-json-1.0");
  EXPECT_EQ(seen[0].Header("content-length"), "17");
  EXPECT_EQ(seen[0].Header("host"), "127.0.0.1:" + std::to_string(server->port()));
  EXPECT_EQ(seen[0].Header("user-agent"), "homeboard-ddb/0.1");
  EXPECT_EQ(seen[0].Header("expect"), std::nullopt);
  EXPECT_EQ(seen[0].Header("accept"), std::nullopt);
  EXPECT_EQ(seen[0].Header("accept-encoding"), std::nullopt);
}

TEST(CurlTransport, SendsOnlyTheHeadersItWasGiven) {
  auto server = StartServer([](const ReceivedRequest&) { return FakeResponse::Ok(); });
  CurlTransportOptions options;
  options.user_agent = "agent/9";
  auto transport = MakeTransport(options);
  ASSERT_NE(server, nullptr);
  HttpRequest request;
  request.url = server->url() + "/";
  request.body = "x";
  request.headers = {{"X-Empty", ""}, {"Accept", "application/json"}};
  ASSERT_OK(transport->Send(request));
  std::vector<ReceivedRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), 1u);
  // No form-encoded Content-Type invented for a body the caller did not label.
  EXPECT_EQ(seen[0].Header("content-type"), std::nullopt);
  EXPECT_EQ(seen[0].Header("x-empty"), "");
  EXPECT_EQ(seen[0].Header("accept"), "application/json");
  EXPECT_EQ(seen[0].Header("user-agent"), "agent/9");
}

TEST(CurlTransport, KeepsOnlyTheFinalResponsesHeaders) {
  // A caller-supplied Expect header is sent as given, so the server first answers
  // "100 Continue" (with a header of its own) and then the real response.
  auto server = StartServer([](const ReceivedRequest& request) {
    return FakeResponse::Ok(request.body).Header("X-Final", "yes");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  HttpRequest request = Post(server->url(), "payload");
  request.headers.emplace_back("Expect", "100-continue");
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(request));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "payload");
  EXPECT_EQ(response.Header("x-final"), "yes");
  EXPECT_EQ(response.Header("x-interim"), std::nullopt);
  ASSERT_EQ(server->requests().size(), 1u);
  EXPECT_EQ(server->requests()[0].Header("expect"), "100-continue");
}

TEST(CurlTransport, MegabyteBodiesRoundTripWithPadding) {
  const std::string request_body = BinaryBody(1 << 20, 1);
  const std::string response_body = BinaryBody((1 << 20) + 3, 2);
  auto server = StartServer([&](const ReceivedRequest& request) {
    return request.body == request_body ? FakeResponse::Ok(response_body)
                                        : FakeResponse::WithStatus(400, "body mismatch");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(Post(server->url(), request_body)));
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.body == response_body);
  EXPECT_GE(response.body.capacity(), response.body.size() + CurlTransport::kBodyPadding);
  ASSERT_EQ(server->requests().size(), 1u);
  EXPECT_EQ(server->requests()[0].Header("expect"), std::nullopt);
}

TEST(CurlTransport, EveryBodyHasPadding) {
  auto server = StartServer([](const ReceivedRequest& request) {
    std::size_t size = std::stoul(request.body);
    FakeResponse response = FakeResponse::Ok(std::string(size, 'b'));
    // Without Content-Length the body is read until close: no size hint to reserve from.
    if (request.path == "/no-length") response = std::move(response).OmitContentLength();
    return response;
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  for (const char* path : {"/", "/no-length"}) {
    for (std::size_t size : {0, 1, 15, 16, 63, 64, 65, 1000, 4096, 100000}) {
      HttpRequest request = Post(server->url() + path, std::to_string(size));
      ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(request));
      EXPECT_EQ(response.body.size(), size) << path;
      EXPECT_GE(response.body.capacity(), size + CurlTransport::kBodyPadding)
          << path << " " << size;
    }
  }
}

TEST(CurlTransport, MethodsSwitchOnAReusedHandle) {
  auto server = StartServer([](const ReceivedRequest& request) {
    return FakeResponse::Ok(request.method + ":" + request.body);
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  struct Case {
    const char* method;
    const char* body;
    const char* expected_response;
  };
  const Case cases[] = {
      {"POST", "a", "POST:a"}, {"GET", "", "GET:"},   {"HEAD", "", ""},
      {"PUT", "p", "PUT:p"},   {"POST", "", "POST:"}, {"GET", "", "GET:"},
      {"DELETE", "", "DELETE:"}, {"POST", "z", "POST:z"},
  };
  for (const Case& c : cases) {
    HttpRequest request;
    request.method = c.method;
    request.url = server->url() + "/m";
    request.body = c.body;
    ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(request));
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, c.expected_response) << c.method;
  }
  std::vector<ReceivedRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), std::size(cases));
  for (std::size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].method, cases[i].method);
    EXPECT_EQ(seen[i].body, cases[i].body);
    const bool has_body = seen[i].method != "GET" && seen[i].method != "HEAD";
    EXPECT_EQ(seen[i].Header("content-length").has_value(), has_body) << seen[i].method;
  }
  EXPECT_EQ(server->connections_accepted(), 1);
}

TEST(CurlTransport, ErrorStatusesAreSuccessfulSends) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::WithStatus(500, R"({"__type":"InternalServerError"})");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(Post(server->url())));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.body, R"({"__type":"InternalServerError"})");
  EXPECT_EQ(transport->stats().failures, 0u);
}

TEST(CurlTransport, SequentialRequestsReuseOneConnection) {
  auto server = StartServer([](const ReceivedRequest& request) {
    return FakeResponse::Ok(request.body);
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 100; ++i) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response,
                         transport->Send(Post(server->url(), std::to_string(i))));
    ASSERT_EQ(response.body, std::to_string(i));
  }
  EXPECT_EQ(server->requests_received(), 100);
  EXPECT_EQ(server->connections_accepted(), 1);
  CurlTransport::Stats stats = transport->stats();
  EXPECT_EQ(stats.requests, 100u);
  EXPECT_EQ(stats.failures, 0u);
  EXPECT_EQ(stats.connections_opened, 1u);
  EXPECT_EQ(stats.handles, 1);
  EXPECT_EQ(stats.in_flight, 0);
  std::vector<ReceivedRequest> seen = server->requests();
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(seen[i].connection_index, 0);
    EXPECT_EQ(seen[i].request_on_connection, i);
    EXPECT_EQ(seen[i].request_index, i);
  }
}

TEST(CurlTransport, ConcurrentRequestsStayWithinMaxInFlight) {
  constexpr int kMaxInFlight = 4;
  constexpr int kThreads = 8;
  constexpr int kRequestsPerThread = 25;
  // The short delay makes requests overlap, so the bound is actually exercised.
  auto server = StartServer([](const ReceivedRequest& request) {
    return FakeResponse::Ok(request.body).Delay(2ms);
  });
  CurlTransportOptions options;
  options.max_in_flight = kMaxInFlight;
  auto transport = MakeTransport(options);
  ASSERT_NE(server, nullptr);

  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsPerThread; ++i) {
        std::string body = std::to_string(t) + "/" + std::to_string(i);
        Result<HttpResponse> response = transport->Send(Post(server->url(), body));
        if (!response.ok() || response->status != 200 || response->body != body) ++failures;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(server->requests_received(), kThreads * kRequestsPerThread);
  EXPECT_LE(server->connections_accepted(), kMaxInFlight);
  EXPECT_LE(server->peak_concurrent_requests(), kMaxInFlight);
  CurlTransport::Stats stats = transport->stats();
  EXPECT_EQ(stats.requests, static_cast<std::uint64_t>(kThreads * kRequestsPerThread));
  EXPECT_LE(stats.peak_in_flight, kMaxInFlight);
  EXPECT_GE(stats.peak_in_flight, 1);
  EXPECT_LE(stats.handles, kMaxInFlight);
  EXPECT_EQ(stats.connections_opened,
            static_cast<std::uint64_t>(server->connections_accepted()));
  EXPECT_EQ(stats.in_flight, 0);
}

TEST(CurlTransport, WaitingTooLongForASlotIsAConnectError) {
  Gate gate;
  auto server = StartServer([&gate](const ReceivedRequest&) {
    gate.Wait();
    return FakeResponse::Ok("late");
  });
  CurlTransportOptions options;
  options.max_in_flight = 1;
  auto transport = MakeTransport(options);
  ASSERT_NE(server, nullptr);

  Result<HttpResponse> first = Error("unset", "");
  std::thread holder([&] { first = transport->Send(Post(server->url())); });
  ASSERT_TRUE(WaitUntil([&] { return server->concurrent_requests() == 1; }));

  HttpRequest second = Post(server->url());
  second.timeout = 50ms;
  Result<HttpResponse> result = transport->Send(second);
  gate.Open();
  holder.join();

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), errc::kConnectError);
  EXPECT_THAT(result.error().message(), HasSubstr("slot"));
  ASSERT_OK(first);
  EXPECT_EQ(first->body, "late");
  EXPECT_EQ(server->requests_received(), 1);  // the second never reached the server
}

TEST(CurlTransport, ConnectionRefusedIsConnectError) {
  auto transport = MakeTransport();
  const std::string url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/";
  Result<HttpResponse> response = transport->Send(Post(url));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kConnectError);
  EXPECT_THAT(response.error().message(), HasSubstr("127.0.0.1"));
  EXPECT_EQ(transport->stats().failures, 1u);
}

TEST(CurlTransport, UnresolvableHostIsConnectError) {
  CurlTransportOptions options;
  options.connect_timeout = 2000ms;  // a resolver that hangs ends the same way
  auto transport = MakeTransport(options);
  Result<HttpResponse> response = transport->Send(Post("http://no-such-host.invalid/"));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kConnectError);
  EXPECT_THAT(response.error().message(), HasSubstr("no-such-host.invalid"));
}

TEST(CurlTransport, ConnectTimeoutIsConnectError) {
  // A listener with a full backlog that never accepts: further SYNs are dropped, so the
  // connect can only time out.
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  ASSERT_EQ(bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  ASSERT_EQ(listen(listener, 0), 0);
  ASSERT_EQ(getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::vector<int> fillers;
  for (int i = 0; i < 4; ++i) {
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
    connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    fillers.push_back(fd);
  }
  CurlTransportOptions options;
  options.connect_timeout = 200ms;
  auto transport = MakeTransport(options);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/";
  Result<HttpResponse> response = transport->Send(Post(url));
  for (int fd : fillers) close(fd);
  close(listener);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kConnectError) << response.error().message();
}

TEST(CurlTransport, CloseWithoutAnswerIsNetworkError) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::CloseWithoutAnswer();
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
  EXPECT_THAT(response.error().message(), HasSubstr("127.0.0.1"));
  // A fresh connection is never resent on: the server saw the request exactly once.
  EXPECT_EQ(server->requests_received(), 1);
}

TEST(CurlTransport, TruncatedBodyIsNetworkError) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::TruncatedBody(std::string(1000, 'x'), 10);
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
}

TEST(CurlTransport, ResetBeforeAnswerIsNetworkError) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::ResetBeforeAnswer();
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
}

TEST(CurlTransport, SlowAnswerIsRequestTimeout) {
  // The delay is far longer than the timeout; destroying the server cuts it short.
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::Ok("too late").Delay(std::chrono::minutes(10));
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  HttpRequest request = Post(server->url());
  request.timeout = 200ms;
  Result<HttpResponse> response = transport->Send(request);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kRequestTimeout);
  EXPECT_EQ(server->requests_received(), 1);
}

TEST(CurlTransport, DefaultTimeoutAppliesWhenRequestHasNone) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::Ok().Delay(std::chrono::minutes(10));
  });
  CurlTransportOptions options;
  options.request_timeout = 200ms;
  auto transport = MakeTransport(options);
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kRequestTimeout);
}

TEST(CurlTransport, TimedOutConnectionIsNotReused) {
  std::atomic<int> calls{0};
  auto server = StartServer([&calls](const ReceivedRequest&) {
    return calls++ == 0 ? FakeResponse::Ok("slow").Delay(std::chrono::minutes(10))
                        : FakeResponse::Ok("fast");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  HttpRequest request = Post(server->url());
  request.timeout = 200ms;
  ASSERT_FALSE(transport->Send(request).ok());
  // The late answer to the first request must never be read as the second's.
  request.timeout = 0ms;
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(request));
  EXPECT_EQ(response.body, "fast");
  EXPECT_EQ(server->connections_accepted(), 2);
}

TEST(CurlTransport, NewConnectionAfterServerClosedIdleOne) {
  // The server answers the first request and closes without saying so (no
  // "Connection: close"). libcurl finds the pooled connection dead (or, if the close
  // races with the next send, resends on a fresh one); either way the caller just sees
  // success and the request reaches the handler once.
  auto server = StartServer([](const ReceivedRequest& request) {
    return request.request_index == 0 ? FakeResponse::AnswerThenClose("first")
                                      : FakeResponse::Ok("second");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK_AND_ASSIGN(HttpResponse first, transport->Send(Post(server->url())));
  EXPECT_EQ(first.body, "first");
  ASSERT_TRUE(WaitUntil([&] { return server->open_connections() == 0; }));
  ASSERT_OK_AND_ASSIGN(HttpResponse second, transport->Send(Post(server->url())));
  EXPECT_EQ(second.body, "second");
  EXPECT_EQ(server->requests_received(), 2);
  EXPECT_EQ(server->connections_accepted(), 2);
  EXPECT_EQ(transport->stats().connections_opened, 2u);
}

TEST(CurlTransport, ConnectionCloseHeaderIsHonoured) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::AnswerThenClose("bye").Header("Connection", "close");
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 3; ++i) ASSERT_OK(transport->Send(Post(server->url())));
  EXPECT_EQ(server->connections_accepted(), 3);
  EXPECT_EQ(transport->stats().resends, 0u);
}

TEST(CurlTransport, DroppedReusedConnectionIsResentOnce) {
  // Documents libcurl's keep-alive race handling (see curl_transport.h): a reused
  // connection that closes before any response byte makes libcurl resend the request on
  // a new connection. The server's handler therefore sees the request twice.
  auto server = StartServer([](const ReceivedRequest& request) {
    if (request.connection_index == 0 && request.request_on_connection == 1) {
      return FakeResponse::CloseWithoutAnswer();
    }
    return FakeResponse::Ok("ok " + request.body);
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK(transport->Send(Post(server->url(), "1")));
  ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(Post(server->url(), "2")));
  EXPECT_EQ(response.body, "ok 2");
  std::vector<ReceivedRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].body, "2");
  EXPECT_EQ(seen[2].body, "2");
  EXPECT_EQ(seen[2].connection_index, 1);
  EXPECT_EQ(transport->stats().resends, 1u);
}

TEST(CurlTransport, RequestThatMayNotBeResentFailsInsteadOfGoingOutTwice) {
  // The same race as above, for a request marked may_resend = false (a non-idempotent
  // write): the server must see it once, and the caller gets an ambiguous NetworkError.
  auto server = StartServer([](const ReceivedRequest& request) {
    if (request.connection_index == 0 && request.request_on_connection == 1) {
      return FakeResponse::CloseWithoutAnswer();
    }
    return FakeResponse::Ok("ok " + request.body);
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK(transport->Send(Post(server->url(), "1")));
  HttpRequest once = Post(server->url(), "2");
  once.may_resend = false;
  Result<HttpResponse> response = transport->Send(once);
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
  std::vector<ReceivedRequest> seen = server->requests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[1].body, "2");
  EXPECT_EQ(transport->stats().resends, 0u);
  // The pool recovers: the next request gets a fresh connection.
  ASSERT_OK_AND_ASSIGN(HttpResponse after, transport->Send(Post(server->url(), "3")));
  EXPECT_EQ(after.body, "ok 3");
}

TEST(CurlTransport, MalformedUrlIsInvalidArgument) {
  auto transport = MakeTransport();
  for (const char* url : {"nosuchscheme://host/", "http://"}) {
    Result<HttpResponse> response = transport->Send(Post(url));
    ASSERT_FALSE(response.ok()) << url;
    EXPECT_EQ(response.error().code(), errc::kInvalidArgument) << url;
  }
}

TEST(CurlTransport, HeaderInjectionIsInvalidArgument) {
  auto server = StartServer([](const ReceivedRequest&) { return FakeResponse::Ok(); });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  const HttpHeaders bad_headers[] = {
      {{"X-Evil", "a\r\nX-Injected: 1"}},
      {{"X-Evil\nX-Injected", "1"}},
      {{"X-Evil", std::string("a\0b", 3)}},
      {{"", "empty name"}},
      {{"X-Evil: 1", "colon in name"}},
  };
  for (const HttpHeaders& headers : bad_headers) {
    HttpRequest request = Post(server->url());
    request.headers = headers;
    Result<HttpResponse> response = transport->Send(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.error().code(), errc::kInvalidArgument);
  }
  EXPECT_EQ(server->requests_received(), 0);
}

TEST(CurlTransport, MissingContentLengthReadsToClose) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::Ok("until close").OmitContentLength();
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  for (int i = 0; i < 2; ++i) {
    ASSERT_OK_AND_ASSIGN(HttpResponse response, transport->Send(Post(server->url())));
    EXPECT_EQ(response.body, "until close");
  }
  EXPECT_EQ(server->connections_accepted(), 2);
}

TEST(CurlTransport, ContentLengthLongerThanBodyIsNetworkError) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::Ok("short").ContentLength(100).ThenClose();
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
}

TEST(FakeHttpServer, StopCutsShortADelayAndJoinsEverything) {
  auto server = StartServer([](const ReceivedRequest&) {
    return FakeResponse::Ok().Delay(std::chrono::hours(1));
  });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  Result<HttpResponse> response = Error("unset", "");
  std::thread client([&] { response = transport->Send(Post(server->url())); });
  ASSERT_TRUE(WaitUntil([&] { return server->concurrent_requests() == 1; }));
  server->Stop();  // returns only once every server thread has been joined
  client.join();
  ASSERT_FALSE(response.ok());
  EXPECT_EQ(response.error().code(), errc::kNetworkError);
  EXPECT_EQ(server->open_connections(), 0);
  server->Stop();  // idempotent
}

TEST(FakeHttpServer, RefusesConnectionsAfterStop) {
  auto server = StartServer([](const ReceivedRequest&) { return FakeResponse::Ok(); });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK(transport->Send(Post(server->url())));
  server->Stop();
  Result<HttpResponse> response = transport->Send(Post(server->url()));
  ASSERT_FALSE(response.ok());
}

TEST(FakeHttpServer, HandlerCanBeReplaced) {
  auto server = StartServer([](const ReceivedRequest&) { return FakeResponse::Ok("one"); });
  auto transport = MakeTransport();
  ASSERT_NE(server, nullptr);
  ASSERT_OK_AND_ASSIGN(HttpResponse first, transport->Send(Post(server->url())));
  server->SetHandler([](const ReceivedRequest&) {
    return FakeResponse::WithStatus(503, "two").Header("Retry-After", "1");
  });
  ASSERT_OK_AND_ASSIGN(HttpResponse second, transport->Send(Post(server->url())));
  EXPECT_EQ(first.body, "one");
  EXPECT_EQ(second.status, 503);
  EXPECT_EQ(second.body, "two");
  EXPECT_EQ(second.Header("retry-after"), "1");
}

TEST(FakeHttpServer, DestroyingWithOpenIdleConnectionsIsSafe) {
  auto server = StartServer([](const ReceivedRequest&) { return FakeResponse::Ok(); });
  CurlTransportOptions options;
  options.max_in_flight = 3;
  auto transport = MakeTransport(options);
  ASSERT_NE(server, nullptr);
  ASSERT_OK(transport->Send(Post(server->url())));
  EXPECT_EQ(server->open_connections(), 1);  // kept alive by the transport's pool
  server.reset();                           // must not hang on the idle connection
}

}  // namespace
}  // namespace homeboard::ddb
