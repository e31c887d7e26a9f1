// The W8 stub: a DynamoDB look-alike that answers every request with one fixed Query
// response of 100 bookmark items (~42 KB), so a client's own CPU cost per call can be
// measured without a real server's work in the way. It runs in a separate process
// (`homeboard bench stub-server`), so its CPU time is not counted against the client.
#ifndef HOMEBOARD_CLI_STUB_SERVER_H_
#define HOMEBOARD_CLI_STUB_SERVER_H_

#include <string>
#include <sys/types.h>

namespace homeboard::cli {

// The fixed response body: {"Items":[...100 items...],"Count":100,"ScannedCount":100}.
std::string StubQueryResponse(int items);

// Serves on 127.0.0.1:`port` (0: any free port), printing the chosen port and a newline on
// stdout once listening. Runs until killed. Returns a process exit code.
int RunStubServer(int port, int items);

// A stub server started as a child process of this one.
struct StubProcess {
  pid_t pid = -1;
  std::string endpoint;  // http://127.0.0.1:PORT
};

// Starts `/proc/self/exe bench stub-server` and waits for its port. Empty endpoint on
// failure.
StubProcess StartStubProcess(int items);
void StopStubProcess(StubProcess& stub);

}  // namespace homeboard::cli

#endif  // HOMEBOARD_CLI_STUB_SERVER_H_
