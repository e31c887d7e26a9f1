// Crash safety of the SQLite engine. A writer process (this test forked: the parent has no
// threads and no open database at that moment) writes to one database file without pause —
// puts, batches, transactions, counter updates and deletes, on a table with a GSI — and
// appends a line to an acknowledgement file after each call returns OK. The parent SIGKILLs
// it after a seeded random delay, 40 times, on the same file; after every kill the database
// must open cleanly, pass IntegrityCheck (PRAGMA integrity_check plus every item decoded and
// every GSI row matched), and hold every acknowledged write: acknowledged puts are there with
// their exact contents, acknowledged deletes are gone, counters are at least their last
// acknowledged value, and every transaction and batch is all there or not at all.
//
// What this proves: a process dying at any moment (during open, a write, a checkpoint) loses
// nothing it acknowledged and leaves no half-applied change. What it cannot prove: survival
// of a power cut (the kernel's page cache outlives a killed process); that is what
// synchronous=FULL is for.
//
// A second test makes the disk fail for real (RLIMIT_FSIZE: the write(2) of a WAL frame fails
// with EFBIG, an I/O error, not the engine's own page cap of the full-disk unit test): the
// failing write must be a clear error with nothing applied, and the file must reopen intact.
//
// Rerun with another seed: HOMEBOARD_CRASH_SEED=<n>.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ddb/internal/crypto.h"
#include "store/sqlite/sqlite_store.h"
#include "testing/status_matchers.h"

namespace homeboard::store {
namespace {

using V = AttributeValue;

constexpr int kKills = 40;
constexpr int kMaxDelayMs = 60;

TableSpec Spec() {
  return TableSpec{
      .name = "crash",
      .partition_key = {"pk", KeyType::kString},
      .sort_key = KeyAttribute{"sk", KeyType::kString},
      .global_secondary_indexes = {IndexSpec{.name = "ByGroup",
                                             .partition_key = {"group", KeyType::kString},
                                             .sort_key = KeyAttribute{"pk", KeyType::kString}}}};
}

std::uint64_t Seed() {
  const char* value = std::getenv("HOMEBOARD_CRASH_SEED");
  return value != nullptr && *value != '\0' ? std::strtoull(value, nullptr, 10) : 20261125;
}

// The payload an item with key `pk` must hold: its length (10..4000 bytes) and bytes follow
// from the key, so any torn or mixed-up item shows.
std::string Payload(const std::string& pk) {
  std::uint64_t hash = std::hash<std::string>()(pk);
  std::string payload(10 + hash % 3990, ' ');
  for (std::size_t i = 0; i < payload.size(); ++i) {
    payload[i] = static_cast<char>('a' + (hash >> (i % 50)) % 26);
  }
  return payload;
}

Item ItemFor(const std::string& pk) {
  return {{"pk", V::S(pk)},
          {"sk", V::S("s")},
          {"group", V::S("g" + std::to_string(pk.size() % 5))},
          {"payload", V::S(Payload(pk))}};
}

Item KeyOf(const std::string& pk) { return {{"pk", V::S(pk)}, {"sk", V::S("s")}}; }

// Appends `line` to the acknowledgement file with one write(2): a SIGKILL either lets the
// whole line reach the page cache or none of it.
void Acknowledge(int fd, const std::string& line) {
  std::string text = line + "\n";
  if (write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) _exit(20);
}

// The writer: runs until killed. Writes one byte to `ready_fd` after its first acknowledged
// write. Exits 10+ on an unexpected error (the parent reports it).
[[noreturn]] void RunWriter(const std::string& db_path, const std::string& ack_path, int run,
                            std::uint64_t seed, int ready_fd) {
  signal(SIGPIPE, SIG_IGN);  // the ready pipe may have no reader
  auto opened = sqlite::SqliteStore::Open({.path = db_path, .reader_connections = 1});
  if (!opened.ok()) _exit(10);
  std::unique_ptr<sqlite::SqliteStore> store = std::move(opened).value();
  if (!store->EnsureTables({Spec()}, {}).ok()) _exit(11);
  int ack = open(ack_path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
  if (ack < 0) _exit(12);
  std::mt19937_64 random(seed);
  const std::string table = Spec().name;
  std::vector<std::string> live;  // keys this run put and did not delete
  for (int i = 0;; ++i) {
    if (i == 1 && write(ready_fd, "r", 1) != 1) {
      // The parent did not wait for this run (it closed its end): nothing to tell.
    }
    const std::string base = "r" + std::to_string(run) + "-" + std::to_string(i);
    switch (i == 0 ? 0 : random() % 6) {
      case 0:
      case 1: {  // put
        if (!store->Put({.table = table, .item = ItemFor(base)}).ok()) _exit(13);
        Acknowledge(ack, "P " + base);
        live.push_back(base);
        break;
      }
      case 2: {  // transaction of three puts and, if there is one, a delete
        std::vector<TransactAction> actions;
        std::string line = "T";
        for (const char* part : {"a", "b", "c"}) {
          actions.push_back(
              {.kind = TransactAction::Kind::kPut, .table = table, .item = ItemFor(base + part)});
          line += " " + base + part;
        }
        // Announced first: a transaction cut short by the kill must be all there or absent.
        Acknowledge(ack, "t" + line.substr(1));
        if (!store->Transact(actions).ok()) _exit(14);
        Acknowledge(ack, line);
        for (const char* part : {"a", "b", "c"}) live.push_back(base + part);
        break;
      }
      case 3: {  // batch of five puts (atomic on SQLite)
        std::vector<BatchWrite> writes;
        std::string line = "B";
        for (int k = 0; k < 5; ++k) {
          std::string pk = base + "_" + std::to_string(k);
          writes.push_back({.table = table, .item = ItemFor(pk)});
          line += " " + pk;
        }
        Acknowledge(ack, "b" + line.substr(1));
        if (!store->BatchWrite(writes).ok()) _exit(15);
        Acknowledge(ack, line);
        for (int k = 0; k < 5; ++k) live.push_back(base + "_" + std::to_string(k));
        break;
      }
      case 4: {  // counter update on a live item
        if (live.empty()) break;
        const std::string& pk = live[random() % live.size()];
        auto updated = store->Update(
            {.table = table, .key = KeyOf(pk), .update = Update().Increment("n", V::N(1))});
        if (!updated.ok()) _exit(16);
        Acknowledge(ack, "U " + pk + " " + updated->at("n").AsN());
        break;
      }
      case 5: {  // delete a live item, announced first: killed after the delete but
                 // before its acknowledgement, the item is legitimately gone
        if (live.empty()) break;
        std::size_t at = random() % live.size();
        std::string pk = live[at];
        live.erase(live.begin() + static_cast<std::ptrdiff_t>(at));
        Acknowledge(ack, "X " + pk);
        if (!store->Delete({.table = table, .key = KeyOf(pk)}).ok()) _exit(17);
        Acknowledge(ack, "D " + pk);
        break;
      }
    }
  }
}

// What the acknowledgement files promise.
struct Expected {
  std::set<std::string> present;
  std::set<std::string> deleted;
  std::set<std::string> maybe_deleted;  // a delete was started: present or absent
  std::map<std::string, std::int64_t> min_counter;
  std::vector<std::vector<std::string>> groups;   // transactions and batches acknowledged
  std::vector<std::vector<std::string>> started;  // ... and started (acknowledged or not)
};

// Reads an acknowledgement file into `expected`. A last line without its newline cannot
// happen (one write(2) per line) and would be an error.
void ReadAcks(const std::string& path, Expected& expected) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream words(line);
    std::string kind;
    words >> kind;
    if (kind == "P") {
      std::string pk;
      words >> pk;
      expected.present.insert(pk);
    } else if (kind == "t" || kind == "b") {
      std::vector<std::string> group;
      for (std::string pk; words >> pk;) group.push_back(pk);
      expected.started.push_back(group);
    } else if (kind == "T" || kind == "B") {
      std::vector<std::string> group;
      for (std::string pk; words >> pk;) {
        group.push_back(pk);
        expected.present.insert(pk);
      }
      expected.groups.push_back(group);
    } else if (kind == "U") {
      std::string pk;
      std::int64_t n = 0;
      words >> pk >> n;
      expected.min_counter[pk] = n;
    } else if (kind == "X") {
      std::string pk;
      words >> pk;
      expected.maybe_deleted.insert(pk);
    } else if (kind == "D") {
      std::string pk;
      words >> pk;
      expected.present.erase(pk);
      expected.min_counter.erase(pk);
      expected.deleted.insert(pk);
    } else {
      ADD_FAILURE() << "bad acknowledgement line: " << line;
    }
  }
}

class StoreCrashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("homeboard_crash_" + ddb::internal::HexEncode(ddb::internal::RandomBytes(6)));
    std::filesystem::create_directories(dir_);
    db_path_ = (dir_ / "crash.db").string();
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::unique_ptr<sqlite::SqliteStore> Reopen() {
    auto opened = sqlite::SqliteStore::Open({.path = db_path_, .reader_connections = 1});
    EXPECT_OK(opened);
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  // Checks that `store` holds what `expected` promises.
  void Verify(sqlite::SqliteStore& store, const Expected& expected) {
    auto exists = [&](const std::string& pk) -> std::optional<Item> {
      auto got = store.Get({.table = Spec().name, .key = KeyOf(pk)});
      EXPECT_OK(got);
      return got.ok() ? *got : std::nullopt;
    };
    for (const std::string& pk : expected.present) {
      std::optional<Item> item = exists(pk);
      if (!item && expected.maybe_deleted.count(pk)) continue;
      ASSERT_TRUE(item.has_value()) << "acknowledged item lost: " << pk;
      ASSERT_EQ(item->at("payload").AsS(), Payload(pk)) << pk;
      auto counter = expected.min_counter.find(pk);
      if (counter != expected.min_counter.end()) {
        ASSERT_TRUE(item->count("n")) << "acknowledged update lost: " << pk;
        ASSERT_GE(std::stoll(item->at("n").AsN()), counter->second) << pk;
      }
    }
    for (const std::string& pk : expected.deleted) {
      ASSERT_FALSE(exists(pk).has_value()) << "acknowledged delete undone: " << pk;
    }
    for (const std::vector<std::string>& group : expected.groups) {
      int found = 0;
      for (const std::string& pk : group) found += exists(pk).has_value() ? 1 : 0;
      // Acknowledged groups are whole, less the members deleted since.
      int deleted = 0;
      int maybe = 0;
      for (const std::string& pk : group) {
        deleted += expected.deleted.count(pk) ? 1 : 0;
        maybe += !expected.deleted.count(pk) && expected.maybe_deleted.count(pk) ? 1 : 0;
      }
      ASSERT_GE(found + deleted + maybe, static_cast<int>(group.size())) << group.front();
      ASSERT_LE(found + deleted, static_cast<int>(group.size())) << group.front();
    }
    // Atomicity, acknowledged or not: a started transaction or batch is there in full (less
    // members deleted since) or not at all.
    for (const std::vector<std::string>& group : expected.started) {
      int found = 0;
      int removed = 0;
      for (const std::string& pk : group) {
        found += exists(pk).has_value() ? 1 : 0;
        removed += expected.deleted.count(pk) || expected.maybe_deleted.count(pk) ? 1 : 0;
      }
      ASSERT_TRUE(found == 0 || found + removed >= static_cast<int>(group.size()))
          << "half-applied group starting " << group.front() << ": " << found << " of "
          << group.size();
    }
  }

  std::filesystem::path dir_;
  std::string db_path_;
};

TEST_F(StoreCrashTest, KilledWritersLoseNoAcknowledgedWriteAndLeaveNoHalfWrite) {
  const std::uint64_t seed = Seed();
  SCOPED_TRACE("HOMEBOARD_CRASH_SEED=" + std::to_string(seed));
  std::mt19937_64 random(seed);
  Expected expected;
  int runs_with_writes = 0;
  for (int run = 0; run < kKills; ++run) {
    const std::string ack_path = (dir_ / ("acks_" + std::to_string(run))).string();
    const std::uint64_t writer_seed = random();
    const int delay_ms = static_cast<int>(random() % kMaxDelayMs);
    // One run in four is killed at a random moment of its start-up (open, EnsureTables,
    // recovery of the previous run's WAL); the others after their first acknowledged write.
    const bool wait_until_writing = random() % 4 != 0;
    int ready[2];
    ASSERT_EQ(pipe(ready), 0);
    pid_t pid = fork();
    ASSERT_GE(pid, 0) << "fork failed";
    if (pid == 0) {
      close(ready[0]);
      RunWriter(db_path_, ack_path, run, writer_seed, ready[1]);
    }
    close(ready[1]);
    if (wait_until_writing) {
      char byte = 0;
      // 0 bytes: the writer died first (its exit status says why, below).
      if (read(ready[0], &byte, 1) == 1) ++runs_with_writes;
    }
    close(ready[0]);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ASSERT_EQ(kill(pid, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "run " << run << ": the writer stopped by itself, exit code "
        << (WIFEXITED(status) ? WEXITSTATUS(status) : -1) << ", signal "
        << (WIFSIGNALED(status) ? WTERMSIG(status) : 0);

    ReadAcks(ack_path, expected);
    std::unique_ptr<sqlite::SqliteStore> store = Reopen();
    ASSERT_NE(store, nullptr) << "run " << run;
    SCOPED_TRACE("run " + std::to_string(run));
    ASSERT_OK(store->IntegrityCheck());
    // This run's acknowledgements (earlier ones are checked again at the end).
    Expected this_run;
    ReadAcks(ack_path, this_run);
    for (const std::string& pk : expected.deleted) this_run.present.erase(pk);
    this_run.deleted.clear();
    this_run.maybe_deleted = expected.maybe_deleted;
    for (auto it = this_run.min_counter.begin(); it != this_run.min_counter.end();) {
      it = expected.present.count(it->first) ? std::next(it) : this_run.min_counter.erase(it);
    }
    this_run.groups.clear();  // (this run's started groups are checked)
    ASSERT_NO_FATAL_FAILURE(Verify(*store, this_run)) << "run " << run;
  }
  std::unique_ptr<sqlite::SqliteStore> store = Reopen();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->IntegrityCheck());
  ASSERT_NO_FATAL_FAILURE(Verify(*store, expected));
  // Most kills hit writers at work, not only during start-up.
  EXPECT_GE(runs_with_writes, kKills / 2);
  // A writer after all those kills works as ever.
  ASSERT_OK(store->Put({.table = Spec().name, .item = ItemFor("after")}));
}

// Child exit codes of the I/O error test.
enum IoChild {
  kIoOk = 0,
  kIoSetupFailed = 30,
  kIoNoError = 31,
  kIoWrongCode = 32,
  kIoFailedWriteVisible = 33,
  kIoEarlierWriteLost = 34,
};

TEST_F(StoreCrashTest, AnIoErrorFailsTheWriteCleanlyAndTheFileReopensIntact) {
  const std::string ack_path = (dir_ / "acks").string();
  const std::string failed_path = (dir_ / "failed").string();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    auto opened = sqlite::SqliteStore::Open({.path = db_path_, .reader_connections = 1});
    if (!opened.ok() || !(*opened)->EnsureTables({Spec()}, {}).ok()) _exit(kIoSetupFailed);
    sqlite::SqliteStore& store = **opened;
    int ack = open(ack_path.c_str(), O_WRONLY | O_APPEND | O_CREAT, 0600);
    for (int i = 0; i < 20; ++i) {
      std::string pk = "before" + std::to_string(i);
      if (!store.Put({.table = Spec().name, .item = ItemFor(pk)}).ok()) _exit(kIoSetupFailed);
      Acknowledge(ack, "P " + pk);
    }
    // From here on no file may grow past 256 KB beyond the largest one: the WAL soon
    // cannot take another frame, and write(2) fails with EFBIG (SIGXFSZ ignored).
    std::uintmax_t largest = 0;
    for (const char* suffix : {"", "-wal"}) {
      std::error_code error;
      largest = std::max(largest, std::filesystem::file_size(db_path_ + suffix, error));
    }
    signal(SIGXFSZ, SIG_IGN);
    rlimit limit{.rlim_cur = largest + 256 * 1024, .rlim_max = RLIM_INFINITY};
    if (setrlimit(RLIMIT_FSIZE, &limit) != 0) _exit(kIoSetupFailed);
    int fd = open(failed_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    for (int i = 0; i < 200; ++i) {
      std::string pk = "big" + std::to_string(i);
      Item item = ItemFor(pk);
      item["pad"] = V::S(std::string(100 * 1024, 'x'));
      // Transactions, so that a failure would show as a part of one applied.
      Status put =
          store.Transact({{.kind = TransactAction::Kind::kPut, .table = Spec().name, .item = item},
                          {.kind = TransactAction::Kind::kPut,
                           .table = Spec().name,
                           .item = ItemFor(pk + "_twin")}});
      if (put.ok()) {
        Acknowledge(ack, "T " + pk + " " + pk + "_twin");
        continue;
      }
      std::string line = pk + "\n" + put.error().ToString() + "\n";
      if (write(fd, line.data(), line.size()) < 0) _exit(kIoSetupFailed);
      if (!put.error().Is(Error::Code::kInternal)) _exit(kIoWrongCode);
      for (const std::string& key : {pk, pk + "_twin"}) {
        auto got = store.Get({.table = Spec().name, .key = KeyOf(key)});
        if (!got.ok() || got->has_value()) _exit(kIoFailedWriteVisible);
      }
      auto earlier = store.Get({.table = Spec().name, .key = KeyOf("before0")});
      if (!earlier.ok() || !earlier->has_value()) _exit(kIoEarlierWriteLost);
      _exit(kIoOk);
    }
    _exit(kIoNoError);
  }
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  std::ifstream failed_in(failed_path);
  std::string failed_pk, failed_error;
  std::getline(failed_in, failed_pk);
  std::getline(failed_in, failed_error);
  ASSERT_TRUE(WIFEXITED(status)) << "the writer died of signal " << WTERMSIG(status);
  ASSERT_EQ(WEXITSTATUS(status), kIoOk) << "failed write " << failed_pk << ": " << failed_error;
  // The error says what happened (SQLite's own words for the failed write).
  EXPECT_NE(failed_error.find("Internal"), std::string::npos) << failed_error;
  EXPECT_FALSE(failed_pk.empty());

  // Without the limit, the file opens intact with every acknowledged write and nothing of
  // the failed one, and takes writes again.
  std::unique_ptr<sqlite::SqliteStore> store = Reopen();
  ASSERT_NE(store, nullptr);
  ASSERT_OK(store->IntegrityCheck());
  Expected expected;
  ReadAcks(ack_path, expected);
  EXPECT_GE(expected.present.size(), 20u);
  ASSERT_NO_FATAL_FAILURE(Verify(*store, expected));
  for (const std::string& key : {failed_pk, failed_pk + "_twin"}) {
    ASSERT_OK_AND_ASSIGN(std::optional<Item> got,
                         store->Get({.table = Spec().name, .key = KeyOf(key)}));
    EXPECT_FALSE(got.has_value()) << key;
  }
  ASSERT_OK(store->Put({.table = Spec().name, .item = ItemFor(failed_pk)}));
}

}  // namespace
}  // namespace homeboard::store
