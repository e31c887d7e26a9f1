// Result<T, E>: a value or an error, for the layers above ddb (model, store, service, api),
// each of which has its own error type E. (ddb has its own Result<T> in ddb/error.h so that
// the client library stands alone.) No exceptions cross a layer's API.
#ifndef HOMEBOARD_BASE_RESULT_H_
#define HOMEBOARD_BASE_RESULT_H_

#include <optional>
#include <utility>
#include <variant>

namespace homeboard::base {

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : storage_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit
  Result(E error) : storage_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return storage_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Preconditions: ok() for the value, !ok() for error().
  T& value() & { return std::get<0>(storage_); }
  const T& value() const& { return std::get<0>(storage_); }
  T&& value() && { return std::get<0>(std::move(storage_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { return std::get<1>(storage_); }
  E&& error() && { return std::get<1>(std::move(storage_)); }

 private:
  std::variant<T, E> storage_;
};

// Success or an error.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(E error) : error_(std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const E& error() const& { return *error_; }
  E&& error() && { return *std::move(error_); }

 private:
  std::optional<E> error_;
};

}  // namespace homeboard::base

#endif  // HOMEBOARD_BASE_RESULT_H_
