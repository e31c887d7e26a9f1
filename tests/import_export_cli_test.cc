// End-to-end tests of the real `homeboard import` and `homeboard export` executables on a
// SQLite file: browser files in (report, exit codes 0 and 4, re-runs), a JSON backup out, into
// another account of another file and out again byte for byte, bad input refused with the
// documented exit codes, plain progress lines on stderr when it is not a terminal.
//
// The executable is HOMEBOARD_BINARY when the build defines it (tests/CMakeLists.txt can, as
// for init_db_test), else <build>/src/cli/homeboard next to this test's own build folder.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace homeboard {
namespace {

namespace fs = std::filesystem;

fs::path Binary() {
#ifdef HOMEBOARD_BINARY
  return HOMEBOARD_BINARY;
#else
  std::error_code error;
  fs::path self = fs::read_symlink("/proc/self/exe", error);
  return self.parent_path().parent_path() / "src" / "cli" / "homeboard";
#endif
}

// src/service/testdata/import of the source tree. __FILE__ may be relative to the build
// folder (ccache's base_dir), and tests run from a folder below it: try the folders above.
fs::path Fixtures() {
  fs::path here = fs::path(__FILE__).parent_path().parent_path() / "src" / "service" /
                  "testdata" / "import";
  if (here.is_absolute()) return here;
  std::error_code error;
  for (fs::path dir = fs::current_path(error); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / here, error)) return dir / here;
    if (dir == dir.parent_path()) break;
  }
  return here;
}

struct CliRun {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string Slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class ImportExportCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fs::exists(Binary())) << "build the homeboard executable first: " << Binary();
    ASSERT_TRUE(fs::exists(Fixtures() / "chrome.html")) << Fixtures();
    std::string pattern = (fs::temp_directory_path() / "hb_cli_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    ASSERT_EQ(Homeboard("init-db --data " + Db("a")).exit_code, 0);
    ASSERT_EQ(Homeboard("init-db --data " + Db("b")).exit_code, 0);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  std::string Db(const std::string& name) const { return (dir_ / (name + ".db")).string(); }
  std::string File(const std::string& name) const { return (dir_ / name).string(); }

  // Runs `homeboard <args>` through the shell with stdout and stderr captured in files.
  CliRun Homeboard(const std::string& args) {
    std::string out = File("stdout"), err = File("stderr");
    std::string command = Binary().string() + " " + args + " >" + out + " 2>" + err + " </dev/null";
    int status = std::system(command.c_str());
    CliRun run;
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = Slurp(out);
    run.err = Slurp(err);
    return run;
  }

  fs::path dir_;
  const std::string alice_ = "01JD00000000000000000000AA";
  const std::string bob_ = "01JD00000000000000000000BB";
};

TEST_F(ImportExportCliTest, ImportsReportsAndExports) {
  std::string firefox = (Fixtures() / "firefox.html").string();
  CliRun first = Homeboard("import " + firefox + " --user " + alice_ + " --data " + Db("a"));
  EXPECT_EQ(first.exit_code, 4) << first.err;  // done, with skipped entries
  EXPECT_NE(first.out.find("imported 8 bookmarks"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("skipped 3"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("url_scheme"), std::string::npos) << first.out;
  EXPECT_NE(first.out.find("<place:sort=8&maxResults=10>"), std::string::npos) << first.out;
  EXPECT_NE(first.err.find("import: bookmarks 8/8\n"), std::string::npos) << first.err;

  std::string chrome = (Fixtures() / "chrome.html").string();
  CliRun clean = Homeboard("import " + chrome + " --user " + alice_ + " --data " + Db("a"));
  EXPECT_EQ(clean.exit_code, 0) << clean.err;
  CliRun again = Homeboard("import " + chrome + " --user " + alice_ + " --data " + Db("a") +
                        " --format html --quiet");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("imported 0 bookmarks"), std::string::npos) << again.out;
  EXPECT_NE(again.out.find("11 already there"), std::string::npos) << again.out;
  EXPECT_EQ(again.err, "");

  CliRun html = Homeboard("export --user " + alice_ + " --format html --data " + Db("a"));
  EXPECT_EQ(html.exit_code, 0) << html.err;
  EXPECT_TRUE(html.out.starts_with("<!DOCTYPE NETSCAPE-Bookmark-file-1>")) << html.out;
  EXPECT_NE(html.out.find("<A HREF=\"https://lwn.net/\""), std::string::npos);
  EXPECT_NE(html.out.find("TAGS=\"kernel,linux,news\""), std::string::npos) << html.out;

  // JSON: out, into bob's account of another file (sniffed), out again: the same bytes.
  CliRun json = Homeboard("export --user " + alice_ + " --format json --data " + Db("a") + " -o " +
                       File("alice.json"));
  ASSERT_EQ(json.exit_code, 0) << json.err;
  CliRun restore = Homeboard("import " + File("alice.json") + " --user " + bob_ + " --data " + Db("b"));
  EXPECT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("restored 7 pages"), std::string::npos) << restore.out;
  CliRun json_bob = Homeboard("export --user " + bob_ + " --format json --data " + Db("b") + " -o " +
                           File("bob.json"));
  ASSERT_EQ(json_bob.exit_code, 0) << json_bob.err;
  EXPECT_EQ(Slurp(File("bob.json")), Slurp(File("alice.json")));

  // Restoring into a store where alice's ids are taken is refused, nothing written.
  CliRun taken = Homeboard("import " + File("alice.json") + " --user " + bob_ + " --data " + Db("a"));
  EXPECT_EQ(taken.exit_code, 1);
  EXPECT_NE(taken.err.find("already exists"), std::string::npos) << taken.err;
}

TEST_F(ImportExportCliTest, BadInputAndUsage) {
  // A JSON backup with an unknown field: exit 1, the JSON path named, nothing written.
  {
    std::ofstream bad(File("bad.json"));
    bad << R"({"format": "homeboard-backup", "version": 1, "pages": [{"title": "x"}]})";
  }
  CliRun bad = Homeboard("import " + File("bad.json") + " --user " + alice_ + " --data " + Db("a"));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("pages[0].page_id"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("nothing was written"), std::string::npos) << bad.err;
  CliRun empty = Homeboard("export --user " + alice_ + " --format json --data " + Db("a"));
  EXPECT_EQ(empty.out,
            "{\n  \"format\": \"homeboard-backup\",\n  \"version\": 1,\n  \"pages\": []\n}\n");

  EXPECT_EQ(Homeboard("import " + File("missing.html") + " --user " + alice_ + " --data " +
                      Db("a")).exit_code,
            1);
  std::string chrome = (Fixtures() / "chrome.html").string();
  EXPECT_EQ(Homeboard("import " + chrome + " --user alice --data " + Db("a")).exit_code, 2);
  EXPECT_EQ(Homeboard("import " + chrome + " --data " + Db("a")).exit_code, 2);
  EXPECT_EQ(Homeboard("import " + chrome + " --user " + alice_ + " --format xml --data " +
                      Db("a")).exit_code,
            2);
  EXPECT_EQ(Homeboard("export --user " + alice_ + " --data " + Db("a")).exit_code, 2);
  EXPECT_EQ(Homeboard("export --user " + alice_ + " --format html --data " + Db("a") + " -o " +
                      File("no/such/folder/x.html")).exit_code,
            1);
}

}  // namespace
}  // namespace homeboard
