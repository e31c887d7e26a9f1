// FakeAuthenticator for tests (header-only, like service/testing_store.h): bearer tokens
// mapped to user ids by the test. A known token authenticates; an unknown one is rejected;
// no Authorization header is anonymous. Thread-safe.
#ifndef HOMEBOARD_SERVER_TESTING_AUTH_H_
#define HOMEBOARD_SERVER_TESTING_AUTH_H_

#include <map>
#include <mutex>
#include <string>

#include "server/authenticator.h"

namespace homeboard::server {

class FakeAuthenticator final : public Authenticator {
 public:
  // `token` (sent as "Authorization: Bearer <token>") now authenticates `user_id`.
  void AddToken(std::string token, std::string user_id) {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_[std::move(token)] = std::move(user_id);
  }
  void RemoveToken(const std::string& token) {
    std::lock_guard<std::mutex> lock(mu_);
    tokens_.erase(token);
  }

  service::Result<Authentication> Authenticate(const HttpRequest& request) const override {
    std::optional<std::string_view> token = BearerToken(request);
    if (!token) return Authentication{};
    std::lock_guard<std::mutex> lock(mu_);
    auto it = tokens_.find(std::string(*token));
    if (it == tokens_.end()) {
      return Authentication{.outcome = Authentication::Outcome::kRejected,
                            .via = CredentialKind::kBearerToken,
                            .reason = "invalid token"};
    }
    return Authentication{.outcome = Authentication::Outcome::kAuthenticated,
                          .caller = service::Caller{.user_id = it->second},
                          .via = CredentialKind::kBearerToken};
  }

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> tokens_;  // GUARDED_BY(mu_)
};

}  // namespace homeboard::server

#endif  // HOMEBOARD_SERVER_TESTING_AUTH_H_
