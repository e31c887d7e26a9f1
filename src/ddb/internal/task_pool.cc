// TaskPool: workers pull closures from one queue. ParallelFor hands out indices through a
// shared counter, so whichever thread is free (a worker or the caller) takes the next one.
#include "ddb/internal/task_pool.h"

#include <algorithm>
#include <atomic>
#include <memory>

namespace homeboard::ddb::internal {

TaskPool::TaskPool(int threads) {
  int count = std::max(1, threads);
  workers_.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

TaskPool::~TaskPool() { Stop(); }

void TaskPool::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    queue_.clear();
  }
  work_ready_.notify_all();
  for (std::thread& worker : workers_) {
    if (worker.joinable()) worker.join();
  }
}

void TaskPool::WorkerLoop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

void TaskPool::ParallelFor(std::size_t n, std::size_t parallelism,
                           const std::function<void(std::size_t)>& fn) {
  if (n == 0) return;
  // State shared with helpers; a helper may start after the caller finished all the work,
  // so it must own a reference to the state.
  struct State {
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    std::condition_variable done_cv;
    std::size_t finished = 0;  // guarded by mutex
  };
  auto state = std::make_shared<State>();
  auto drain = [state, n, &fn] {
    std::size_t ran = 0;
    for (std::size_t i = state->next.fetch_add(1); i < n; i = state->next.fetch_add(1)) {
      fn(i);
      ++ran;
    }
    return ran;
  };

  std::size_t helpers = std::min(n, std::max<std::size_t>(parallelism, 1)) - 1;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) helpers = 0;
    for (std::size_t h = 0; h < helpers; ++h) {
      queue_.push_back([state, drain] {
        std::size_t ran = drain();
        std::lock_guard state_lock(state->mutex);
        state->finished += ran;
        state->done_cv.notify_all();
      });
    }
  }
  for (std::size_t h = 0; h < helpers; ++h) work_ready_.notify_one();

  std::size_t ran = drain();
  std::unique_lock lock(state->mutex);
  state->finished += ran;
  // Wait until every index has run. A helper that starts late finds no index left and
  // never touches `fn`, so it may outlive this call.
  state->done_cv.wait(lock, [&] { return state->finished == n; });
}

}  // namespace homeboard::ddb::internal
