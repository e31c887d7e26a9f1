// TaskPool: a fixed set of worker threads that a Client uses to run independent requests
// (batch chunks, scan segments, queries) concurrently with a bound on how many run at once.
#ifndef HOMEBOARD_DDB_INTERNAL_TASK_POOL_H_
#define HOMEBOARD_DDB_INTERNAL_TASK_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace homeboard::ddb::internal {

class TaskPool {
 public:
  // Starts `threads` workers (at least one).
  explicit TaskPool(int threads);
  // Stops and joins the workers; tasks not yet started are dropped.
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  // Runs fn(i) for every i in [0, n) and returns when all have run. At most `parallelism`
  // run at once; the calling thread runs some of them itself, so ParallelFor may be called
  // from inside a task without deadlocking, and n == 1 never touches the workers.
  // Thread-safe.
  void ParallelFor(std::size_t n, std::size_t parallelism,
                   const std::function<void(std::size_t)>& fn);

  // Stops the workers (idempotent). Later ParallelFor calls run on the calling thread only.
  void Stop();

 private:
  void WorkerLoop();

  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::deque<std::function<void()>> queue_;  // guarded by mutex_
  bool stopping_ = false;                    // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace homeboard::ddb::internal

#endif  // HOMEBOARD_DDB_INTERNAL_TASK_POOL_H_
