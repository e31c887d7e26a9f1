// AWS Signature Version 4 request signing, with every intermediate step exposed so tests can
// compare them byte for byte with AWS's published test suite.
//
// Signing adds `host`, `x-amz-date`, `x-amz-security-token` (temporary credentials only) and
// `authorization` to an HttpRequest, replacing earlier values of those headers, so a request
// can be re-signed for every retry attempt with a fresh date.
//
// The rules implemented here (non-S3 flavour: normalised, double-encoded path):
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_aws-signing.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
#ifndef HOMEBOARD_DDB_SIGNER_H_
#define HOMEBOARD_DDB_SIGNER_H_

#include <array>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>

#include "ddb/credentials.h"
#include "ddb/http.h"

namespace homeboard::ddb {

// Remembers the last few derived signing keys. The key depends only on (secret key, date,
// region, service), so it changes once a day per credential; deriving it costs four
// HMACs, which this saves on every request. Thread-safe; a client holds one for its
// lifetime and passes it in SigningOptions::key_cache.
class SigningKeyCache {
 public:
  SigningKeyCache() = default;
  SigningKeyCache(const SigningKeyCache&) = delete;
  SigningKeyCache& operator=(const SigningKeyCache&) = delete;

  // The 32-byte signing key for `date` ("YYYYMMDD"), deriving and remembering it on a miss
  // (the least recently stored entry is replaced).
  std::string Get(std::string_view secret_access_key, std::string_view date,
                  std::string_view region, std::string_view service);

  // Number of derivations so far (misses); for tests.
  std::size_t derivations() const;

 private:
  struct Entry {
    std::string secret_access_key;
    std::string date;
    std::string region;
    std::string service;
    std::string key;
  };
  static constexpr std::size_t kEntries = 4;

  mutable std::mutex mutex_;
  std::array<Entry, kEntries> entries_;  // guarded by mutex_
  std::size_t next_ = 0;                 // guarded by mutex_; slot replaced on next miss
  std::size_t derivations_ = 0;          // guarded by mutex_
};

struct SigningOptions {
  // Normalise the path (remove "." and ".." segments and empty segments) before encoding
  // it. Every service but S3 expects this.
  bool normalize_path = true;
  // Add and sign `x-amz-content-sha256` carrying the payload hash. DynamoDB does not need
  // it; S3 and some other services do.
  bool sign_body = false;
  // Add `x-amz-security-token` after signing instead of signing it. Some services (IoT)
  // want the token unsigned; DynamoDB wants it signed.
  bool omit_session_token = false;
  // Optional cache of signing keys (not owned); nullptr derives the key each time.
  SigningKeyCache* key_cache = nullptr;
};

// "20150830T123600Z": the x-amz-date format (UTC, whole seconds; fractions are dropped).
std::string FormatAmzDate(std::chrono::system_clock::time_point time);

// The canonical request of `request` as it stands:
//   method \n canonical path \n canonical query \n canonical headers \n
//   signed header names \n hex(sha256(body))
// Every header of the request is signed except `authorization`, hop-by-hop and
// proxy-rewritten headers (user-agent, expect, connection, keep-alive, transfer-encoding,
// te, upgrade, proxy-authorization, x-amzn-trace-id) and, with
// options.omit_session_token, `x-amz-security-token`. Header names are lower-cased,
// values trimmed with inner runs of whitespace (newlines included) collapsed to one space,
// and repeated headers joined with commas in their original order. The path is
// normalised (if options.normalize_path) and URI-encoded once more, so an already encoded
// "%20" becomes "%2520" as SigV4 requires for non-S3 services. Query parameters are
// decoded, re-encoded strictly (RFC 3986 unreserved characters only; '+' is a literal
// plus) and sorted by name, then value.
//
// `signed_headers`, if not null, receives the ";"-joined signed header names.
std::string CanonicalRequest(const HttpRequest& request, const SigningOptions& options = {},
                             std::string* signed_headers = nullptr);

// "20150830/us-east-1/dynamodb/aws4_request".
std::string CredentialScope(std::string_view date, std::string_view region,
                            std::string_view service);

// "AWS4-HMAC-SHA256\n<amz_date>\n<scope>\n<hex sha256 of canonical request>".
std::string StringToSign(std::string_view amz_date, std::string_view credential_scope,
                         std::string_view canonical_request);

// The raw 32-byte signing key: HMAC chain over "AWS4"+secret, date, region, service,
// "aws4_request".
std::string DeriveSigningKey(std::string_view secret_access_key, std::string_view date,
                             std::string_view region, std::string_view service);

// Lower-case hex HMAC-SHA256 of the string to sign under the signing key.
std::string ComputeSignature(std::string_view signing_key, std::string_view string_to_sign);

// Signs `request` in place for `service` in `region` at time `now`:
//   - sets `host` from the URL (with the port only when it is not the scheme's default),
//     `x-amz-date`, `x-amz-security-token` when credentials carry a session token, and
//     `x-amz-content-sha256` with options.sign_body, removing any earlier headers of those
//     names (any case) and any earlier `authorization`;
//   - then appends `authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=...,
//     Signature=...`.
// Preconditions: request.url is absolute (scheme://host...). Never fails; empty
// credentials give a signature the server will reject. Safe to call concurrently on
// different requests (and with a shared key cache).
void SignRequest(HttpRequest& request, const Credentials& credentials, std::string_view region,
                 std::string_view service, std::chrono::system_clock::time_point now,
                 const SigningOptions& options = {});

}  // namespace homeboard::ddb

#endif  // HOMEBOARD_DDB_SIGNER_H_
