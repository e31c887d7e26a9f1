// W8 stub server on cpp-httplib, and starting/stopping it as a child process.
#include "cli/stub_server.h"

#include <fmt/format.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>

extern char** environ;

namespace homeboard::cli {

std::string StubQueryResponse(int items) {
  // 100 items of 8 attributes (one a list) came to ~42 KB in the reference measurements.
  std::string body = "{\"Items\":[";
  for (int i = 0; i < items; ++i) {
    if (i > 0) body += ',';
    body += fmt::format(
        R"({{"user_id":{{"S":"user-0001"}},"bookmark_id":{{"S":"01JD8Z{:020d}"}},)"
        R"("url":{{"S":"https://example.com/articles/{}/a-reasonably-long-path-segment?ref=homeboard"}},)"
        R"("title":{{"S":"Bookmark number {} \u2014 an interesting page about things"}},)"
        R"("description":{{"S":"Why bookmark {} matters, as a person wrote it: caf\u00e9."}},)"
        R"("tags":{{"L":[{{"S":"reading"}},{{"S":"tag-{}"}},{{"S":"dev"}}]}},)"
        R"("created_at":{{"S":"2026-11-25T08:{:02d}:{:02d}.123Z"}},"position":{{"N":"{}"}}}})",
        i, i, i, i, i % 50, (i / 60) % 60, i % 60, i * 1024);
  }
  body += fmt::format("],\"Count\":{},\"ScannedCount\":{}}}", items, items);
  return body;
}

int RunStubServer(int port, int items) {
  const std::string body = StubQueryResponse(items);
  const std::string crc = std::to_string(
      crc32(0L, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size())));
  httplib::Server server;
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle plus the
  // client's delayed ACK would add ~40 ms to every call.
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1000000);
  server.set_keep_alive_timeout(60);
  server.Post("/", [&](const httplib::Request&, httplib::Response& response) {
    response.set_header("x-amzn-RequestId", "STUB");
    response.set_header("x-amz-crc32", crc);
    response.set_content(body, "application/x-amz-json-1.0");
  });
  int bound = port == 0 ? server.bind_to_any_port("127.0.0.1") : port;
  if (port != 0 && !server.bind_to_port("127.0.0.1", port)) bound = -1;
  if (bound <= 0) {
    std::fprintf(stderr, "stub-server: cannot bind 127.0.0.1:%d\n", port);
    return 1;
  }
  std::printf("%d\n", bound);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}

StubProcess StartStubProcess(int items) {
  StubProcess stub;
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return stub;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  std::string items_text = std::to_string(items);
  char self[] = "/proc/self/exe";
  char arg_bench[] = "bench";
  char arg_stub[] = "stub-server";
  char arg_items[] = "--items";
  std::vector<char> items_arg(items_text.begin(), items_text.end());
  items_arg.push_back('\0');
  char* argv[] = {self, arg_bench, arg_stub, arg_items, items_arg.data(), nullptr};
  pid_t pid = -1;
  int rc = posix_spawn(&pid, self, &actions, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipe_fds[1]);
  if (rc != 0) {
    close(pipe_fds[0]);
    return stub;
  }
  stub.pid = pid;
  std::string line;
  char c;
  while (read(pipe_fds[0], &c, 1) == 1 && c != '\n') line += c;
  close(pipe_fds[0]);
  if (!line.empty() && line.find_first_not_of("0123456789") == std::string::npos) {
    stub.endpoint = "http://127.0.0.1:" + line;
  } else {
    StopStubProcess(stub);
  }
  return stub;
}

void StopStubProcess(StubProcess& stub) {
  if (stub.pid <= 0) return;
  kill(stub.pid, SIGTERM);
  int status = 0;
  waitpid(stub.pid, &status, 0);
  stub.pid = -1;
}

}  // namespace homeboard::cli
