#include "store/table_spec.h"

namespace homeboard::store {

std::string_view KeyTypeName(KeyType type) {
  switch (type) {
    case KeyType::kString:
      return "S";
    case KeyType::kNumber:
      return "N";
    case KeyType::kBinary:
      return "B";
  }
  return "S";
}

}  // namespace homeboard::store
