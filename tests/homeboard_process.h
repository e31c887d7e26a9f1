// Running the real `homeboard` executable from a test: the CLI tests (init_db_test,
// migrate_test) drive the binary the user runs, not a library call, so exit codes, output and
// option parsing are what is tested.
#ifndef HOMEBOARD_TESTS_HOMEBOARD_PROCESS_H_
#define HOMEBOARD_TESTS_HOMEBOARD_PROCESS_H_

#include <string>
#include <vector>

namespace homeboard::testing {

struct RunResult {
  int exit_code = -1;  // 128 + signal when killed; -1 when it could not be started
  std::string out;
  std::string err;
};

// Runs `binary args...` with stdin from /dev/null and waits for it. Its environment is ours
// without any AWS_* variable, plus DynamoDB Local's credentials and region and no AWS config
// or credentials file, so a developer's AWS settings cannot change what it talks to. A binary
// that cannot be started is a test failure (ADD_FAILURE) and exit_code -1.
RunResult RunHomeboard(const std::string& binary, const std::vector<std::string>& args);

// "exit N", then stdout and stderr: for assertion messages.
std::string Describe(const RunResult& run);

}  // namespace homeboard::testing

#endif  // HOMEBOARD_TESTS_HOMEBOARD_PROCESS_H_
