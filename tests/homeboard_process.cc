// See homeboard_process.h. posix_spawn rather than fork: test processes have worker threads
// (the DynamoDB client's) running, and forking them is unsafe.
#include "homeboard_process.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

#include "ddb/internal/crypto.h"
#include "testing/dynamodb_local.h"

extern char** environ;

namespace homeboard::testing {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

RunResult RunHomeboard(const std::string& binary, const std::vector<std::string>& args) {
  RunResult result;
  std::string stem = ::testing::TempDir() + "homeboard_run_" +
                     ddb::internal::HexEncode(ddb::internal::RandomBytes(6));
  std::string out_path = stem + ".out";
  std::string err_path = stem + ".err";

  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    if (std::string_view(*entry).rfind("AWS_", 0) != 0) env.emplace_back(*entry);
  }
  env.push_back("AWS_ACCESS_KEY_ID=" + std::string(kDynamoDbLocalAccessKeyId));
  env.push_back("AWS_SECRET_ACCESS_KEY=" + std::string(kDynamoDbLocalSecretAccessKey));
  env.push_back("AWS_REGION=" + std::string(kDynamoDbLocalRegion));
  env.push_back("AWS_CONFIG_FILE=" + stem + ".no-config");
  env.push_back("AWS_SHARED_CREDENTIALS_FILE=" + stem + ".no-credentials");

  std::vector<std::string> argv_strings = {binary};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& arg : argv_strings) argv.push_back(arg.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (std::string& entry : env) envp.push_back(entry.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                   O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot run " << binary << ": " << std::system_category().message(spawned);
    return result;
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  std::filesystem::remove(out_path);
  std::filesystem::remove(err_path);
  return result;
}

std::string Describe(const RunResult& run) {
  return "exit " + std::to_string(run.exit_code) + "\n--- stdout:\n" + run.out + "--- stderr:\n" +
         run.err;
}

}  // namespace homeboard::testing
