// Cursor encoding: payload = table \n index \n DynamoDB-JSON key; tag = HMAC-SHA256 over the
// payload, truncated to 128 bits. Base64url without padding keeps cursors URL-safe.
#include "store/cursor.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "ddb/item_json.h"

namespace homeboard::store {
namespace {

constexpr std::size_t kTagBytes = 16;

std::string Base64Url(std::string_view bytes) {
  std::string text(4 * ((bytes.size() + 2) / 3), '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  text.resize(static_cast<std::size_t>(n));
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return text;
}

std::optional<std::string> FromBase64Url(std::string_view text) {
  std::string standard(text);
  for (char& c : standard) {
    if (c == '-') {
      c = '+';
    } else if (c == '_') {
      c = '/';
    } else if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
      return std::nullopt;
    }
  }
  std::size_t padding = (4 - standard.size() % 4) % 4;
  if (padding == 3) return std::nullopt;
  standard.append(padding, '=');
  std::string bytes(3 * standard.size() / 4, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                          reinterpret_cast<const unsigned char*>(standard.data()),
                          static_cast<int>(standard.size()));
  if (n < 0) return std::nullopt;
  bytes.resize(static_cast<std::size_t>(n) - padding);
  // Only the canonical spelling is accepted: the decoder ignores unused low bits of the last
  // character, so "...CIQ" and "...CIR" would otherwise decode alike.
  if (Base64Url(bytes) != text) return std::nullopt;
  return bytes;
}

std::string Tag(std::string_view secret, std::string_view payload) {
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(payload.data()), payload.size(), mac, &length);
  return std::string(reinterpret_cast<const char*>(mac), kTagBytes);
}

Error Invalid(std::string message) {
  return Error{.code = Error::Code::kInvalidArgument, .message = "cursor: " + std::move(message)};
}

}  // namespace

std::string CursorCodec::Encode(std::string_view table, std::string_view index,
                                const Item& key) const {
  std::string payload;
  payload.append(table).append("\n").append(index).append("\n").append(ddb::ItemToJson(key));
  return Base64Url(payload) + "." + Base64Url(Tag(secret_, payload));
}

Result<Item> CursorCodec::Decode(std::string_view cursor, std::string_view table,
                                 std::string_view index) const {
  if (cursor.size() > 4096) return Invalid("longer than 4096 characters");
  std::size_t dot = cursor.find('.');
  if (dot == std::string_view::npos) return Invalid("is malformed");
  std::optional<std::string> payload = FromBase64Url(cursor.substr(0, dot));
  std::optional<std::string> tag = FromBase64Url(cursor.substr(dot + 1));
  if (!payload || !tag || tag->size() != kTagBytes) return Invalid("is malformed");
  // Constant-time comparison: the tag is a secret-derived value.
  if (CRYPTO_memcmp(tag->data(), Tag(secret_, *payload).data(), kTagBytes) != 0) {
    return Invalid("was altered or made by another server");
  }
  std::size_t first = payload->find('\n');
  std::size_t second = first == std::string::npos ? first : payload->find('\n', first + 1);
  if (second == std::string::npos) return Invalid("is malformed");
  if (std::string_view(*payload).substr(0, first) != table ||
      std::string_view(*payload).substr(first + 1, second - first - 1) != index) {
    return Invalid("belongs to another query");
  }
  ddb::Result<Item> key = ddb::ItemFromJson(std::string_view(*payload).substr(second + 1));
  if (!key.ok()) return Invalid("is malformed");
  return std::move(key).value();
}

Item PagingKey(const TableSpec& spec, std::string_view index, const Item& item) {
  Item key;
  auto copy = [&](const std::string& name) {
    if (auto it = item.find(name); it != item.end()) key.emplace(it->first, it->second);
  };
  copy(spec.partition_key.name);
  if (spec.sort_key) copy(spec.sort_key->name);
  if (!index.empty()) {
    if (const IndexSpec* gsi = spec.FindIndex(index)) {
      copy(gsi->partition_key.name);
      if (gsi->sort_key) copy(gsi->sort_key->name);
    }
  }
  return key;
}

}  // namespace homeboard::store
