// CurlTransport: pooled libcurl easy handles. An easy handle keeps its connection cache
// across curl_easy_perform calls, so checking the same handle out again reuses its
// kept-alive connection. Options that never change are set once when a handle is made;
// the per-request ones (URL, method, headers, body, timeout, callback data) are set on
// every Send, overwriting the previous request's values. curl_easy_reset is never called:
// it would not drop connections, but it would force every fixed option to be set again.
#include "ddb/curl_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <mutex>
#include <string_view>
#include <utility>

// CURLOPT_PREREQFUNCTION (7.80) tells us whether a request started to be sent.
static_assert(LIBCURL_VERSION_NUM >= 0x075000, "libcurl 7.80 or newer is required");

namespace homeboard::ddb {
namespace {

// Response bodies are reserved from Content-Length up to this size; beyond it the buffer
// grows as data arrives, so a hostile header cannot make us allocate gigabytes up front.
constexpr curl_off_t kMaxReserveFromContentLength = 64 * 1024 * 1024;

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

// CR, LF or NUL in a header would end it early and let the rest be read as another
// header (or as the body): never hand such text to libcurl.
bool IsSafeHeaderText(std::string_view text) {
  return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// "https://user:pw@host:443/path?q" -> "host:443". Only the host goes into error
// messages: paths and queries may carry tokens.
std::string_view HostOf(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  std::string_view rest = scheme_end == std::string_view::npos ? url : url.substr(scheme_end + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  return rest;
}

// State of one Send, reachable from libcurl's callbacks.
struct Exchange {
  CURL* easy = nullptr;
  HttpResponse* response = nullptr;
  int prereq_calls = 0;  // >0: the request started to be sent; >1: libcurl resent it
  bool may_resend = true;  // HttpRequest::may_resend
  bool body_reserved = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t bytes = size * count;
  std::string& body = exchange->response->body;
  if (!exchange->body_reserved) {
    // First chunk: size the buffer once for the whole body plus the parser padding.
    exchange->body_reserved = true;
    curl_off_t length = -1;
    if (curl_easy_getinfo(exchange->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length) ==
            CURLE_OK &&
        length > 0) {
      length = std::min(length, kMaxReserveFromContentLength);
      body.reserve(static_cast<size_t>(length) + CurlTransport::kBodyPadding);
    }
  }
  body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* exchange = static_cast<Exchange*>(user);
  const size_t bytes = size * count;
  std::string_view line(data, bytes);
  HttpHeaders& headers = exchange->response->headers;
  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    // A status line starts a new response (after a 1xx interim one): keep only the last.
    headers.clear();
    return bytes;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding: the line continues the previous header's value.
    if (!headers.empty()) {
      std::string_view more = Trim(line);
      if (!more.empty()) {
        headers.back().second.push_back(' ');
        headers.back().second.append(more);
      }
    }
    return bytes;
  }
  std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon == 0) return bytes;  // blank line, junk
  std::string name(Trim(line.substr(0, colon)));
  for (char& c : name) c = LowerAscii(c);
  headers.emplace_back(std::move(name), std::string(Trim(line.substr(colon + 1))));
  return bytes;
}

// Called once a connection is ready (new or reused, TLS done) and the request is about to
// be written: from here on the server may see the request.
// A second call means libcurl is re-sending after a reused connection died: refused for
// requests that must reach the server at most once.
int OnPrereq(void* user, char* /*primary_ip*/, char* /*local_ip*/, int /*primary_port*/,
             int /*local_port*/) {
  auto* exchange = static_cast<Exchange*>(user);
  ++exchange->prereq_calls;
  if (exchange->prereq_calls > 1 && !exchange->may_resend) return CURL_PREREQFUNC_ABORT;
  return CURL_PREREQFUNC_OK;
}

Status GlobalInit() {
  static const CURLcode code = curl_global_init(CURL_GLOBAL_DEFAULT);  // thread-safe once
  if (code != CURLE_OK) {
    return Error(errc::kConfiguration,
                 std::string("curl_global_init failed: ") + curl_easy_strerror(code));
  }
  return OkStatus();
}

}  // namespace

struct CurlTransport::Share {
  CURLSH* share = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> locks;

  ~Share() {
    if (share != nullptr) curl_share_cleanup(share);
  }

  static void Lock(CURL* /*easy*/, curl_lock_data data, curl_lock_access /*access*/,
                   void* user) {
    static_cast<Share*>(user)->locks[static_cast<std::size_t>(data)].lock();
  }
  static void Unlock(CURL* /*easy*/, curl_lock_data data, void* user) {
    static_cast<Share*>(user)->locks[static_cast<std::size_t>(data)].unlock();
  }
};

struct CurlTransport::Handle {
  CURL* easy = nullptr;
  char error[CURL_ERROR_SIZE] = {};

  ~Handle() {
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

Result<std::unique_ptr<CurlTransport>> CurlTransport::Create(
    const CurlTransportOptions& options) {
  if (Status init = GlobalInit(); !init.ok()) return std::move(init).error();
  auto share = std::make_unique<Share>();
  share->share = curl_share_init();
  if (share->share == nullptr) {
    return Error(errc::kConfiguration, "curl_share_init failed");
  }
  // DNS answers and TLS sessions are shared; connections are not (each pooled handle
  // keeps its own, which is what lets us bound connections by max_in_flight).
  if (curl_share_setopt(share->share, CURLSHOPT_LOCKFUNC, &Share::Lock) != CURLSHE_OK ||
      curl_share_setopt(share->share, CURLSHOPT_UNLOCKFUNC, &Share::Unlock) != CURLSHE_OK ||
      curl_share_setopt(share->share, CURLSHOPT_USERDATA, share.get()) != CURLSHE_OK ||
      curl_share_setopt(share->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS) != CURLSHE_OK ||
      curl_share_setopt(share->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION) !=
          CURLSHE_OK) {
    return Error(errc::kConfiguration, "curl_share_setopt failed");
  }
  return std::unique_ptr<CurlTransport>(new CurlTransport(options, std::move(share)));
}

CurlTransport::CurlTransport(const CurlTransportOptions& options, std::unique_ptr<Share> share)
    : options_(options),
      max_in_flight_(std::max(1, options.max_in_flight)),
      share_(std::move(share)) {
  idle_.reserve(static_cast<std::size_t>(max_in_flight_));
}

CurlTransport::~CurlTransport() {
  // Handles must leave the share before it is cleaned up.
  idle_.clear();
  share_.reset();
}

std::unique_ptr<CurlTransport::Handle> CurlTransport::NewHandle() {
  auto handle = std::make_unique<Handle>();
  handle->easy = curl_easy_init();
  if (handle->easy == nullptr) return nullptr;
  CURL* easy = handle->easy;
  bool ok = true;
  auto set = [&ok](CURLcode code) { ok = ok && code == CURLE_OK; };
  set(curl_easy_setopt(easy, CURLOPT_SHARE, share_->share));
  set(curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, handle->error));
  set(curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L));
  set(curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1)));
  set(curl_easy_setopt(easy, CURLOPT_TCP_NODELAY, 1L));
  set(curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, options_.tcp_keepalive ? 1L : 0L));
  set(curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS,
                       static_cast<long>(std::max<std::int64_t>(1, options_.connect_timeout.count()))));
  set(curl_easy_setopt(easy, CURLOPT_MAXAGE_CONN,
                       static_cast<long>(std::max<std::int64_t>(1, options_.idle_connection_timeout.count()))));
  set(curl_easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 0L));
  set(curl_easy_setopt(easy, CURLOPT_USERAGENT, options_.user_agent.c_str()));
  set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L));
  set(curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L));
  if (!options_.ca_file.empty()) {
    set(curl_easy_setopt(easy, CURLOPT_CAINFO, options_.ca_file.c_str()));
  }
  set(curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &OnBody));
  set(curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, &OnHeader));
  set(curl_easy_setopt(easy, CURLOPT_PREREQFUNCTION, &OnPrereq));
  if (!ok) return nullptr;
  return handle;
}

std::unique_ptr<CurlTransport::Handle> CurlTransport::Acquire(
    std::chrono::steady_clock::time_point deadline, bool* timed_out) {
  *timed_out = false;
  std::unique_lock<std::mutex> lock(mutex_);
  if (!slot_freed_.wait_until(lock, deadline, [this] { return in_flight_ < max_in_flight_; })) {
    *timed_out = true;
    return nullptr;
  }
  ++in_flight_;
  peak_in_flight_ = std::max(peak_in_flight_, in_flight_);
  if (!idle_.empty()) {
    std::unique_ptr<Handle> handle = std::move(idle_.back());
    idle_.pop_back();
    return handle;
  }
  // in_flight_ <= max_in_flight_ and every handle is either idle or in flight, so making
  // one here never exceeds max_in_flight_ handles.
  lock.unlock();
  std::unique_ptr<Handle> handle = NewHandle();
  lock.lock();
  if (handle == nullptr) {
    --in_flight_;
    lock.unlock();
    slot_freed_.notify_one();
    return nullptr;
  }
  ++handles_;
  return handle;
}

void CurlTransport::Release(std::unique_ptr<Handle> handle) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(handle));
    --in_flight_;
  }
  slot_freed_.notify_one();
}

Result<HttpResponse> CurlTransport::Send(const HttpRequest& request) {
  const auto timeout =
      request.timeout.count() > 0 ? request.timeout : options_.request_timeout;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  const std::string_view host = HostOf(request.url);
  for (const auto& [name, value] : request.headers) {
    if (name.empty() || !IsSafeHeaderText(name) || !IsSafeHeaderText(value) ||
        name.find(':') != std::string::npos) {
      return Error(errc::kInvalidArgument,
                   "invalid HTTP header name or value for " + std::string(host));
    }
  }

  bool timed_out = false;
  std::unique_ptr<Handle> handle = Acquire(deadline, &timed_out);
  if (handle == nullptr) {
    if (timed_out) {
      return Error(errc::kConnectError,
                   "no free connection slot for " + std::string(host) + " within " +
                       std::to_string(timeout.count()) + " ms (max_in_flight " +
                       std::to_string(max_in_flight_) + ")");
    }
    return Error(errc::kConnectError, "cannot create a libcurl handle for " + std::string(host));
  }
  requests_.fetch_add(1, std::memory_order_relaxed);

  CURL* easy = handle->easy;
  handle->error[0] = '\0';
  HttpResponse response;
  response.headers.reserve(16);
  Exchange exchange;
  exchange.easy = easy;
  exchange.response = &response;
  exchange.may_resend = request.may_resend;

  // Request headers. libcurl reads the list during perform without copying it.
  curl_slist* header_list = nullptr;
  bool has_accept = false;
  bool has_content_type = false;
  bool has_expect = false;
  std::string line;
  bool list_ok = true;
  auto append = [&](const char* text) {
    curl_slist* next = curl_slist_append(header_list, text);
    if (next == nullptr) {
      list_ok = false;
    } else {
      header_list = next;
    }
  };
  for (const auto& [name, value] : request.headers) {
    has_accept = has_accept || EqualsIgnoreCase(name, "accept");
    has_content_type = has_content_type || EqualsIgnoreCase(name, "content-type");
    has_expect = has_expect || EqualsIgnoreCase(name, "expect");
    line.assign(name);
    if (value.empty()) {
      line.push_back(';');  // libcurl's spelling of "send this header with an empty value"
    } else {
      line.append(": ").append(value);
    }
    append(line.c_str());
  }
  // An empty value removes a header libcurl would add on its own.
  if (!has_expect) append("Expect:");
  if (!has_accept) append("Accept:");
  const bool is_get = request.method == "GET";
  const bool is_head = request.method == "HEAD";
  if (!has_content_type && !is_get && !is_head) append("Content-Type:");

  bool options_ok = list_ok;
  auto set = [&options_ok](CURLcode code) { options_ok = options_ok && code == CURLE_OK; };
  set(curl_easy_setopt(easy, CURLOPT_URL, request.url.c_str()));
  set(curl_easy_setopt(easy, CURLOPT_HTTPHEADER, header_list));
  set(curl_easy_setopt(easy, CURLOPT_WRITEDATA, &exchange));
  set(curl_easy_setopt(easy, CURLOPT_HEADERDATA, &exchange));
  set(curl_easy_setopt(easy, CURLOPT_PREREQDATA, &exchange));
  // Order matters: NOBODY and HTTPGET reset the method, POSTFIELDS sets POST.
  if (is_head) {
    set(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr));
    set(curl_easy_setopt(easy, CURLOPT_NOBODY, 1L));
  } else if (is_get) {
    set(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, nullptr));
    set(curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L));
  } else {
    set(curl_easy_setopt(easy, CURLOPT_NOBODY, 0L));
    // The body is sent from the caller's buffer, not copied.
    set(curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size())));
    set(curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data()));
    set(curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST,
                         request.method == "POST" ? nullptr : request.method.c_str()));
  }
  const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  set(curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS,
                       static_cast<long>(std::max<std::int64_t>(1, remaining.count()))));

  CURLcode code = CURLE_OUT_OF_MEMORY;
  if (options_ok) code = curl_easy_perform(easy);

  long status = 0;
  long connects = 0;
  curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
  // Drop pointers into this call's stack and buffers before the handle goes back.
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, nullptr);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, nullptr);
  curl_easy_setopt(easy, CURLOPT_PREREQDATA, nullptr);
  curl_slist_free_all(header_list);
  const std::string detail = handle->error;
  Release(std::move(handle));

  if (connects > 0) {
    connections_opened_.fetch_add(static_cast<std::uint64_t>(connects),
                                  std::memory_order_relaxed);
  }
  // Count only resends that went out (a refused one aborted in the prereq callback).
  if (exchange.prereq_calls > 1 && request.may_resend) {
    resends_.fetch_add(1, std::memory_order_relaxed);
  }

  if (code == CURLE_OK) {
    response.status = static_cast<int>(status);
    if (response.body.capacity() < response.body.size() + kBodyPadding) {
      response.body.reserve(response.body.size() + kBodyPadding);
    }
    return response;
  }

  failures_.fetch_add(1, std::memory_order_relaxed);
  std::string message = std::string(curl_easy_strerror(code));
  if (!detail.empty()) message += " (" + detail + ")";
  message += " [" + request.method + " " + std::string(host) + "]";

  if (!options_ok) return Error(errc::kConnectError, "cannot set up request: " + message);
  if (code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL) {
    return Error(errc::kInvalidArgument, std::move(message));
  }
  // Nothing was written to any connection unless the prereq callback ran: DNS, TCP
  // connect and TLS handshake failures (and their timeouts) all end before it. Once it
  // ran, even a later connect failure (libcurl resending on a fresh connection after a
  // dead reused one) leaves the outcome of the first copy unknown.
  if (exchange.prereq_calls == 0) return Error(errc::kConnectError, std::move(message));
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    // The prereq callback refused a re-send: the first copy went out on a connection that
    // died with no answer, so it may have been applied.
    return Error(errc::kNetworkError,
                 "the connection closed with no answer, and the request may not be re-sent "
                 "(it is not idempotent) [" + request.method + " " + std::string(host) + "]");
  }
  if (code == CURLE_OPERATION_TIMEDOUT) return Error(errc::kRequestTimeout, std::move(message));
  return Error(errc::kNetworkError, std::move(message));
}

CurlTransport::Stats CurlTransport::stats() const {
  Stats stats;
  stats.requests = requests_.load(std::memory_order_relaxed);
  stats.failures = failures_.load(std::memory_order_relaxed);
  stats.connections_opened = connections_opened_.load(std::memory_order_relaxed);
  stats.resends = resends_.load(std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mutex_);
  stats.handles = handles_;
  stats.in_flight = in_flight_;
  stats.peak_in_flight = peak_in_flight_;
  return stats;
}

}  // namespace homeboard::ddb
