// FakeHttpServer: raw POSIX sockets, non-blocking, every wait a poll() that also watches
// an eventfd so Stop() wakes every thread at once, wherever it is blocked.
#include "testing/fake_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace homeboard::testing {
namespace {

constexpr std::size_t kMaxHeadBytes = 1 << 20;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

std::string_view ReasonFor(int status) {
  switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

ddb::Error SystemError(const char* what) {
  return ddb::Error(ddb::errc::kConfiguration,
                    std::string("FakeHttpServer: ") + what + ": " + std::strerror(errno));
}

// Parses the head (request line + headers, without the blank line) into `request`.
// Returns the Content-Length, or -1 if the head is not something we serve.
long long ParseHead(std::string_view head, ReceivedRequest* request) {
  std::size_t line_end = head.find("\r\n");
  std::string_view request_line = head.substr(0, line_end);
  std::size_t first_space = request_line.find(' ');
  std::size_t second_space = request_line.find(' ', first_space + 1);
  if (first_space == std::string_view::npos || second_space == std::string_view::npos) {
    return -1;
  }
  request->method = std::string(request_line.substr(0, first_space));
  request->target =
      std::string(request_line.substr(first_space + 1, second_space - first_space - 1));
  request->path = request->target.substr(0, request->target.find('?'));
  long long content_length = 0;
  std::string_view rest =
      line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
  while (!rest.empty()) {
    std::size_t end = rest.find("\r\n");
    std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(Trim(line.substr(0, colon)));
    for (char& c : name) c = LowerAscii(c);
    std::string value(Trim(line.substr(colon + 1)));
    if (name == "content-length") {
      content_length = 0;
      for (char c : value) {
        if (c < '0' || c > '9' || content_length > (1LL << 40)) return -1;
        content_length = content_length * 10 + (c - '0');
      }
    } else if (name == "transfer-encoding") {
      return -1;  // chunked request bodies are not needed by our clients
    }
    request->headers.emplace_back(std::move(name), std::move(value));
  }
  return content_length;
}

}  // namespace

std::optional<std::string_view> ReceivedRequest::Header(std::string_view name) const {
  for (const auto& [header_name, value] : headers) {
    if (EqualsIgnoreCase(header_name, name)) return std::string_view(value);
  }
  return std::nullopt;
}

FakeResponse FakeResponse::Ok(std::string body, ddb::HttpHeaders headers) {
  return WithStatus(200, std::move(body), std::move(headers));
}

FakeResponse FakeResponse::WithStatus(int status, std::string body, ddb::HttpHeaders headers) {
  FakeResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers = std::move(headers);
  return response;
}

FakeResponse FakeResponse::AnswerThenClose(std::string body) {
  FakeResponse response = Ok(std::move(body));
  response.action = Action::kAnswerThenClose;
  return response;
}

FakeResponse FakeResponse::TruncatedBody(std::string full_body, std::size_t bytes_sent) {
  FakeResponse response = Ok(std::move(full_body));
  response.action = Action::kTruncatedBody;
  response.truncated_to = bytes_sent;
  return response;
}

FakeResponse FakeResponse::CloseWithoutAnswer() {
  FakeResponse response;
  response.action = Action::kCloseWithoutAnswer;
  return response;
}

FakeResponse FakeResponse::ResetBeforeAnswer() {
  FakeResponse response;
  response.action = Action::kResetBeforeAnswer;
  return response;
}

FakeResponse FakeResponse::Delay(std::chrono::milliseconds duration) && {
  delay = duration;
  return std::move(*this);
}

FakeResponse FakeResponse::ThenClose() && {
  if (action == Action::kAnswer) action = Action::kAnswerThenClose;
  return std::move(*this);
}

FakeResponse FakeResponse::Header(std::string name, std::string value) && {
  headers.emplace_back(std::move(name), std::move(value));
  return std::move(*this);
}

FakeResponse FakeResponse::OmitContentLength() && {
  omit_content_length = true;
  return std::move(*this);
}

FakeResponse FakeResponse::ContentLength(std::size_t announced) && {
  content_length = announced;
  return std::move(*this);
}

ddb::Result<std::unique_ptr<FakeHttpServer>> FakeHttpServer::Start(Handler handler) {
  int listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (listen_fd < 0) return SystemError("socket");
  int one = 1;
  setsockopt(listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (bind(listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      listen(listen_fd, 128) != 0 ||
      getsockname(listen_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ddb::Error error = SystemError("bind/listen");
    close(listen_fd);
    return error;
  }
  int stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (stop_fd < 0) {
    ddb::Error error = SystemError("eventfd");
    close(listen_fd);
    return error;
  }
  auto server = std::unique_ptr<FakeHttpServer>(
      new FakeHttpServer(listen_fd, stop_fd, ntohs(address.sin_port), std::move(handler)));
  server->accept_thread_ = std::thread(&FakeHttpServer::AcceptLoop, server.get());
  return server;
}

FakeHttpServer::FakeHttpServer(int listen_fd, int stop_fd, int port, Handler handler)
    : listen_fd_(listen_fd), stop_fd_(stop_fd), port_(port), handler_(std::move(handler)) {}

FakeHttpServer::~FakeHttpServer() {
  Stop();
  close(stop_fd_);
}

void FakeHttpServer::Stop() {
  std::call_once(stop_once_, [this] {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    stop_cv_.notify_all();
    std::uint64_t one = 1;
    // The counter stays non-zero, so stop_fd_ stays readable for every later poll().
    [[maybe_unused]] ssize_t written = write(stop_fd_, &one, sizeof(one));
    if (accept_thread_.joinable()) accept_thread_.join();
    close(listen_fd_);
    listen_fd_ = -1;
    // No thread adds connection threads any more: the accept thread is gone.
    std::vector<std::thread> threads;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      threads.swap(connection_threads_);
    }
    for (std::thread& thread : threads) thread.join();
  });
}

void FakeHttpServer::SetHandler(Handler handler) {
  std::lock_guard<std::mutex> lock(mutex_);
  handler_ = std::move(handler);
}

std::string FakeHttpServer::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::vector<ReceivedRequest> FakeHttpServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return log_;
}

bool FakeHttpServer::WaitFor(int fd, short events) const {
  pollfd fds[2] = {{fd, events, 0}, {stop_fd_, POLLIN, 0}};
  while (true) {
    int ready = poll(fds, 2, -1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) return false;
    if (fds[1].revents != 0) return false;
    if (fds[0].revents != 0) return true;
  }
}

bool FakeHttpServer::WriteAll(int fd, std::string_view data) const {
  while (!data.empty()) {
    ssize_t sent = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      data.remove_prefix(static_cast<std::size_t>(sent));
    } else if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      if (!WaitFor(fd, POLLOUT)) return false;
    } else {
      return false;
    }
  }
  return true;
}

bool FakeHttpServer::SleepUnlessStopped(std::chrono::milliseconds duration) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !stop_cv_.wait_for(lock, duration, [this] { return stopping_; });
}

void FakeHttpServer::AcceptLoop() {
  while (WaitFor(listen_fd_, POLLIN)) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC | SOCK_NONBLOCK);
    if (fd < 0) continue;  // EAGAIN (client gone already), EINTR, ...
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) {
      close(fd);
      return;
    }
    int index = connections_accepted_.fetch_add(1);
    open_connections_.fetch_add(1);
    connection_threads_.emplace_back(&FakeHttpServer::ServeConnection, this, fd, index);
  }
}

void FakeHttpServer::ServeConnection(int fd, int connection_index) {
  std::string buffer;
  char chunk[64 * 1024];
  // Reads more bytes into `buffer`; false when the peer closed, on error, or on Stop().
  auto read_more = [&]() {
    while (true) {
      ssize_t got = recv(fd, chunk, sizeof(chunk), 0);
      if (got > 0) {
        buffer.append(chunk, static_cast<std::size_t>(got));
        return true;
      }
      if (got == 0) return false;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        if (!WaitFor(fd, POLLIN)) return false;
        continue;
      }
      return false;
    }
  };

  bool reset = false;
  // Serves one request; false when the connection must close.
  auto serve_one = [&](int request_on_connection) {
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (buffer.size() > kMaxHeadBytes || !read_more()) return false;
    }
    ReceivedRequest request;
    long long content_length = ParseHead(std::string_view(buffer).substr(0, head_end), &request);
    if (content_length < 0) {
      WriteAll(fd, "HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
      return false;
    }
    const std::size_t body_start = head_end + 4;
    std::optional<std::string_view> expect = request.Header("expect");
    if (expect && EqualsIgnoreCase(*expect, "100-continue") && content_length > 0 &&
        buffer.size() == body_start) {
      // The client waits for this before sending the body. The extra header lets tests
      // check that a client keeps only the final response's headers.
      if (!WriteAll(fd, "HTTP/1.1 100 Continue\r\nX-Interim: 1\r\n\r\n")) return false;
    }
    while (buffer.size() - body_start < static_cast<std::size_t>(content_length)) {
      if (!read_more()) return false;
    }
    request.body = buffer.substr(body_start, static_cast<std::size_t>(content_length));
    buffer.erase(0, body_start + static_cast<std::size_t>(content_length));
    request.connection_index = connection_index;
    request.request_on_connection = request_on_connection;

    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      request.request_index = requests_received_.fetch_add(1);
      log_.push_back(request);
      handler = handler_;
    }
    int now = concurrent_requests_.fetch_add(1) + 1;
    int peak = peak_concurrent_requests_.load();
    while (now > peak && !peak_concurrent_requests_.compare_exchange_weak(peak, now)) {
    }
    FakeResponse response = handler ? handler(request) : FakeResponse::WithStatus(404);

    bool keep_open = false;
    if (response.delay.count() <= 0 || SleepUnlessStopped(response.delay)) {
      using Action = FakeResponse::Action;
      switch (response.action) {
        case Action::kCloseWithoutAnswer:
          break;
        case Action::kResetBeforeAnswer:
          reset = true;
          break;
        case Action::kAnswer:
        case Action::kAnswerThenClose:
        case Action::kTruncatedBody: {
          std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                             std::string(response.reason.empty() ? ReasonFor(response.status)
                                                                 : response.reason) +
                             "\r\n";
          for (const auto& [name, value] : response.headers) {
            head.append(name).append(": ").append(value).append("\r\n");
          }
          if (!response.omit_content_length) {
            head.append("Content-Length: ")
                .append(std::to_string(response.content_length.value_or(response.body.size())))
                .append("\r\n");
          }
          head.append("\r\n");
          std::string_view body = response.body;
          if (request.method == "HEAD") body = {};
          if (response.action == Action::kTruncatedBody) {
            body = body.substr(0, std::min(body.size(), response.truncated_to));
          }
          // One write when small, so the client sees head and body together.
          bool written = body.size() < 64 * 1024 ? WriteAll(fd, head + std::string(body))
                                                 : WriteAll(fd, head) && WriteAll(fd, body);
          keep_open = written && response.action == Action::kAnswer &&
                      !response.omit_content_length;
          break;
        }
      }
    }
    concurrent_requests_.fetch_sub(1);
    return keep_open;
  };
  for (int request_on_connection = 0; serve_one(request_on_connection); ++request_on_connection) {
  }
  if (reset) {
    linger hard{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &hard, sizeof(hard));
  } else {
    shutdown(fd, SHUT_WR);
  }
  close(fd);
  open_connections_.fetch_sub(1);
}

}  // namespace homeboard::testing
