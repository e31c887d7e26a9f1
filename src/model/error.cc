// ValidationError rendering and construction helpers.
#include "model/error.h"

namespace homeboard::model {

std::string ValidationError::ToString() const {
  if (message.empty()) return field + ": " + rule;
  return message + " [" + rule + "]";
}

ValidationError Invalid(std::string_view field, std::string_view rule, std::string_view detail) {
  std::string message(field);
  message += ": ";
  message += detail;
  return ValidationError{std::string(field), std::string(rule), std::move(message)};
}

std::string FieldPath(std::string_view prefix, std::string_view field) {
  if (prefix.empty()) return std::string(field);
  std::string path(prefix);
  path += '.';
  path += field;
  return path;
}

}  // namespace homeboard::model
