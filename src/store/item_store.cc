#include "store/item_store.h"

namespace homeboard::store {

std::string_view CodeName(Error::Code code) {
  switch (code) {
    case Error::Code::kInvalidArgument:
      return "InvalidArgument";
    case Error::Code::kConditionFailed:
      return "ConditionFailed";
    case Error::Code::kNotFound:
      return "NotFound";
    case Error::Code::kTooLarge:
      return "TooLarge";
    case Error::Code::kUnavailable:
      return "Unavailable";
    case Error::Code::kOutcomeUnknown:
      return "OutcomeUnknown";
    case Error::Code::kConflict:
      return "Conflict";
    case Error::Code::kCorrupt:
      return "Corrupt";
    case Error::Code::kInternal:
      return "Internal";
  }
  return "Unknown";
}

std::string Error::ToString() const {
  std::string text(CodeName(code));
  text += ": ";
  text += message;
  if (failed_action) text += " (action " + std::to_string(*failed_action) + ")";
  return text;
}

}  // namespace homeboard::store
