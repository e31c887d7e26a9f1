// RouteTable: pattern parsing and matching.
#include "server/router.h"

#include <algorithm>
#include <set>

namespace homeboard::server {
namespace {

constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};

bool IsParamName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

}  // namespace

std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

std::string_view RequestContext::PathParam(std::string_view name) const {
  for (const auto& [param, value] : path_params_) {
    if (param == name) return value;
  }
  return {};
}

service::Status RouteTable::Add(Route route) {
  auto invalid = [&route](std::string_view what) {
    return service::InvalidArgument("route", "pattern",
                                    route.method + " " + route.path + ": " + std::string(what));
  };
  if (std::find(std::begin(kMethods), std::end(kMethods), route.method) == std::end(kMethods)) {
    return invalid("unknown method");
  }
  if (route.path.empty() || route.path.front() != '/') return invalid("must start with '/'");
  if (!route.handler) return invalid("no handler");
  if (route.operation_id.empty()) return invalid("no operation_id");
  std::vector<Segment> pattern;
  std::set<std::string> names;
  for (std::string_view segment : SplitPath(route.path)) {
    if (segment.size() >= 2 && segment.front() == '{' && segment.back() == '}') {
      std::string name(segment.substr(1, segment.size() - 2));
      if (!IsParamName(name)) return invalid("bad parameter name");
      if (!names.insert(name).second) return invalid("repeated parameter");
      pattern.push_back({std::move(name), true});
    } else if (segment.find_first_of("{}") != std::string_view::npos) {
      return invalid("a parameter must be a whole segment");
    } else {
      pattern.push_back({std::string(segment), false});
    }
  }
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].operation_id == route.operation_id) return invalid("operation_id taken");
    if (routes_[i].method != route.method || patterns_[i].size() != pattern.size()) continue;
    bool same_shape = true;
    for (std::size_t s = 0; s < pattern.size() && same_shape; ++s) {
      const Segment& a = patterns_[i][s];
      const Segment& b = pattern[s];
      same_shape = a.is_param == b.is_param && (a.is_param || a.text == b.text);
    }
    if (same_shape) return invalid("conflicts with " + routes_[i].path);
  }
  routes_.push_back(std::move(route));
  patterns_.push_back(std::move(pattern));
  return {};
}

bool RouteTable::Matches(const std::vector<Segment>& pattern,
                         const std::vector<std::string_view>& path,
                         std::vector<std::pair<std::string, std::string>>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].is_param) {
      if (path[i].empty()) return false;
    } else if (pattern[i].text != path[i]) {
      return false;
    }
  }
  if (params != nullptr) {
    params->clear();
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i].is_param) params->emplace_back(pattern[i].text, std::string(path[i]));
    }
  }
  return true;
}

RouteTable::Match RouteTable::Find(std::string_view method, std::string_view path) const {
  if (method == "HEAD") method = "GET";
  std::vector<std::string_view> segments = SplitPath(path);
  Match match;
  const std::vector<Segment>* best = nullptr;
  // More literal segments earlier is more specific.
  auto more_specific = [](const std::vector<Segment>& a, const std::vector<Segment>& b) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (a[i].is_param != b[i].is_param) return !a[i].is_param;
    }
    return false;
  };
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (!Matches(patterns_[i], segments, nullptr)) continue;
    if (routes_[i].method != method) {
      if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(),
                    routes_[i].method) == match.allowed_methods.end()) {
        match.allowed_methods.push_back(routes_[i].method);
      }
      continue;
    }
    if (best == nullptr || more_specific(patterns_[i], *best)) {
      best = &patterns_[i];
      match.route = &routes_[i];
    }
  }
  if (match.route != nullptr) {
    Matches(*best, segments, &match.params);
    match.allowed_methods.clear();
  }
  return match;
}

}  // namespace homeboard::server
