// HttpResponse helpers. The transport stores header names lower-cased; the lookup also
// ignores case so a caller passing "Content-Type" is not silently answered with nothing.
#include "ddb/http.h"

#include <cstddef>

namespace homeboard::ddb {
namespace {

char LowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (LowerAscii(a[i]) != LowerAscii(b[i])) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string_view> HttpResponse::Header(std::string_view lower_name) const {
  for (const auto& [name, value] : headers) {
    if (EqualsIgnoreCase(name, lower_name)) return std::string_view(value);
  }
  return std::nullopt;
}

}  // namespace homeboard::ddb
