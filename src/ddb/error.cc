// Error::ToString: one readable line per failure, for logs and test output.
//
// Format: CODE[ on OPERATION[ TABLE]]: MESSAGE[ [REASONS]][ (DETAILS)]
//   REASONS  the cancellation reason codes of a cancelled transaction, in action order,
//            unless the message already lists them (DynamoDB's own message usually does)
//   DETAILS  "HTTP 400", "request id ABC", "5 attempts": whichever are known
// Examples:
//   ConditionalCheckFailedException on PutItem Bookmarks: The conditional request failed (1 attempt)
//   ThrottlingException on Query Notes: Rate exceeded (HTTP 400, request id ABC, 5 attempts)
//   TransactionCanceledException on TransactWriteItems: Transaction cancelled [None, ConditionalCheckFailed]
#include "ddb/error.h"

#include <string>

namespace homeboard::ddb {

std::string Error::ToString() const {
  std::string out = code_.empty() ? std::string("UnknownError") : code_;
  if (!operation_.empty()) {
    out += " on ";
    out += operation_;
    if (!table_.empty()) {
      out += ' ';
      out += table_;
    }
  } else if (!table_.empty()) {
    out += " on table ";
    out += table_;
  }
  if (!message_.empty()) {
    out += ": ";
    out += message_;
  }

  if (!cancellation_reasons_.empty()) {
    std::string reasons = "[";
    for (std::size_t i = 0; i < cancellation_reasons_.size(); ++i) {
      if (i > 0) reasons += ", ";
      const std::string& code = cancellation_reasons_[i].code;
      reasons += code.empty() ? std::string("None") : code;
    }
    reasons += ']';
    if (message_.find(reasons) == std::string::npos) {
      out += ' ';
      out += reasons;
    }
  }

  std::string details;
  auto add_detail = [&details](const std::string& detail) {
    if (!details.empty()) details += ", ";
    details += detail;
  };
  if (http_status_ > 0) add_detail("HTTP " + std::to_string(http_status_));
  if (!request_id_.empty()) add_detail("request id " + request_id_);
  if (attempts_ > 0) {
    add_detail(std::to_string(attempts_) + (attempts_ == 1 ? " attempt" : " attempts"));
  }
  if (!details.empty()) {
    out += " (";
    out += details;
    out += ')';
  }
  return out;
}

}  // namespace homeboard::ddb
