// ASSERT_OK / EXPECT_OK for ddb::Status and ddb::Result<T>, printing the error on failure.
#ifndef HOMEBOARD_TESTING_STATUS_MATCHERS_H_
#define HOMEBOARD_TESTING_STATUS_MATCHERS_H_

#include <gtest/gtest.h>

#define HOMEBOARD_STATUS_TEXT_(expr) ((expr).ok() ? std::string("OK") : (expr).error().ToString())

#define ASSERT_OK(expr)                                          \
  do {                                                           \
    const auto& homeboard_status_ = (expr);                      \
    ASSERT_TRUE(homeboard_status_.ok()) << HOMEBOARD_STATUS_TEXT_(homeboard_status_); \
  } while (0)

#define EXPECT_OK(expr)                                          \
  do {                                                           \
    const auto& homeboard_status_ = (expr);                      \
    EXPECT_TRUE(homeboard_status_.ok()) << HOMEBOARD_STATUS_TEXT_(homeboard_status_); \
  } while (0)

// ASSERT_OK_AND_ASSIGN(auto value, ResultExpression());
#define HOMEBOARD_CONCAT_INNER_(a, b) a##b
#define HOMEBOARD_CONCAT_(a, b) HOMEBOARD_CONCAT_INNER_(a, b)
#define ASSERT_OK_AND_ASSIGN(lhs, expr) \
  ASSERT_OK_AND_ASSIGN_IMPL_(HOMEBOARD_CONCAT_(homeboard_result_, __LINE__), lhs, expr)
#define ASSERT_OK_AND_ASSIGN_IMPL_(result, lhs, expr)          \
  auto result = (expr);                                        \
  ASSERT_TRUE(result.ok()) << HOMEBOARD_STATUS_TEXT_(result); \
  lhs = std::move(result).value()

#endif  // HOMEBOARD_TESTING_STATUS_MATCHERS_H_
