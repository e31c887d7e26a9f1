// Shared config/credentials file parsing and region/endpoint resolution.
#include "ddb/aws_config.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>
#include <utility>
#include <vector>

namespace homeboard::ddb {
namespace {

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'; }

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsBlank(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsBlank(text.back())) text.remove_suffix(1);
  return text;
}

std::string ToLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return lower;
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && ToLower(text.substr(0, prefix.size())) == prefix;
}

// Cuts a comment that starts with '#' or ';' preceded by whitespace.
std::string_view StripInlineComment(std::string_view line) {
  for (std::size_t i = 1; i < line.size(); ++i) {
    if ((line[i] == '#' || line[i] == ';') && IsBlank(line[i - 1])) return line.substr(0, i);
  }
  return line;
}

std::optional<std::string> NonEmpty(const EnvLookup& env, std::string_view name) {
  std::optional<std::string> value = env(name);
  if (value.has_value() && Trim(*value).empty()) return std::nullopt;
  return value;
}

std::string Describe(std::string_view name, const std::optional<std::string>& value) {
  return std::string(name) + (value.has_value() ? " empty" : " unset");
}

bool IsPlausibleRegion(std::string_view region) {
  if (region.empty() || region.size() > 64) return false;
  for (char c : region) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Checks `url` is http(s)://host[...] and returns it without trailing slashes.
Result<std::string> ValidateEndpoint(std::string_view url, std::string_view source) {
  const std::string_view trimmed = Trim(url);
  auto fail = [&](std::string_view why) {
    return Error(errc::kConfiguration, "endpoint '" + std::string(trimmed) + "' from " +
                                           std::string(source) + " " + std::string(why));
  };
  std::size_t scheme_length = 0;
  if (StartsWithIgnoreCase(trimmed, "https://")) {
    scheme_length = 8;
  } else if (StartsWithIgnoreCase(trimmed, "http://")) {
    scheme_length = 7;
  } else {
    return fail("must start with http:// or https://");
  }
  for (char c : trimmed) {
    if (static_cast<unsigned char>(c) <= ' ' || c == 0x7f) return fail("contains whitespace");
  }
  const std::string_view rest = trimmed.substr(scheme_length);
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty() || authority.front() == ':') return fail("has no host");
  std::string result(trimmed);
  while (result.size() > scheme_length + authority.size() && result.back() == '/') {
    result.pop_back();
  }
  return result;
}

// Loads the config file named by the environment; a missing path or file is an empty file.
Result<ConfigFile> LoadConfigFile(const EnvLookup& env) {
  const ConfigFilePaths paths = ResolveConfigFilePaths(env);
  if (paths.config.empty()) return ConfigFile();
  return ConfigFile::Load(paths.config);
}

}  // namespace

EnvLookup ProcessEnvironment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
}

std::optional<std::string_view> ConfigSection::Get(std::string_view key) const {
  const auto it = values_.find(ToLower(key));
  if (it == values_.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<std::string_view> ConfigSection::GetNested(std::string_view section,
                                                         std::string_view key) const {
  const auto nested = nested_.find(ToLower(section));
  if (nested == nested_.end()) return std::nullopt;
  const auto it = nested->second.find(ToLower(key));
  if (it == nested->second.end()) return std::nullopt;
  return std::string_view(it->second);
}

ConfigFile ConfigFile::Parse(std::string_view text) {
  ConfigFile file;
  file.exists_ = true;
  ConfigSection* section = nullptr;
  std::string last_key;  // the last top-level key of `section`, for nested blocks
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;

    const std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#' || trimmed.front() == ';') continue;
    if (trimmed.front() == '[') {
      const auto close = trimmed.find(']');
      last_key.clear();
      if (close == std::string_view::npos) {
        section = nullptr;  // malformed header: ignore keys until the next good one
        continue;
      }
      section = &file.sections_[std::string(Trim(trimmed.substr(1, close - 1)))];
      continue;
    }
    if (section == nullptr) continue;
    const std::string_view content = Trim(StripInlineComment(trimmed));
    const auto equals = content.find('=');
    if (equals == std::string_view::npos) continue;
    std::string key = ToLower(Trim(content.substr(0, equals)));
    std::string value(Trim(content.substr(equals + 1)));
    if (key.empty()) continue;
    const bool indented = IsBlank(line.front());
    if (indented && !last_key.empty()) {
      const auto parent = section->values_.find(last_key);
      if (parent != section->values_.end() && parent->second.empty()) {
        section->nested_[last_key][std::move(key)] = std::move(value);
        continue;
      }
    }
    last_key = key;
    section->values_[std::move(key)] = std::move(value);
  }
  return file;
}

Result<ConfigFile> ConfigFile::Load(const std::string& path) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (!std::filesystem::exists(status)) {
    ConfigFile missing;
    missing.path_ = path;
    return missing;
  }
  if (std::filesystem::is_directory(status)) {
    return Error(errc::kConfiguration, "AWS config file " + path + " is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Error(errc::kConfiguration, "cannot read AWS config file " + path);
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error(errc::kConfiguration, "cannot read AWS config file " + path);
  ConfigFile file = Parse(text.str());
  file.path_ = path;
  return file;
}

const ConfigSection* ConfigFile::FindSection(std::string_view name) const {
  const auto it = sections_.find(name);
  return it == sections_.end() ? nullptr : &it->second;
}

const ConfigSection* ConfigFile::FindCredentialsProfile(std::string_view profile) const {
  return FindSection(profile);
}

const ConfigSection* ConfigFile::FindConfigProfile(std::string_view profile) const {
  if (profile == "default") {
    if (const ConfigSection* section = FindSection("default")) return section;
  }
  // "[profile  name]": the CLI accepts any whitespace after "profile".
  for (const auto& [name, section] : sections_) {
    if (name.size() > 7 && name.compare(0, 7, "profile") == 0 && IsBlank(name[7]) &&
        Trim(std::string_view(name).substr(7)) == profile) {
      return &section;
    }
  }
  return nullptr;
}

const ConfigSection* ConfigFile::FindServices(std::string_view name) const {
  for (const auto& [section_name, section] : sections_) {
    if (section_name.size() > 8 && section_name.compare(0, 8, "services") == 0 &&
        IsBlank(section_name[8]) && Trim(std::string_view(section_name).substr(8)) == name) {
      return &section;
    }
  }
  return nullptr;
}

ConfigFilePaths ResolveConfigFilePaths(const EnvLookup& env) {
  const std::optional<std::string> home = NonEmpty(env, "HOME");
  auto expand = [&](std::optional<std::string> value, std::string_view fallback) -> std::string {
    if (value.has_value()) {
      if (value->rfind("~/", 0) == 0) return home.has_value() ? *home + value->substr(1) : "";
      return *value;
    }
    return home.has_value() ? *home + std::string(fallback) : "";
  };
  ConfigFilePaths paths;
  paths.credentials = expand(NonEmpty(env, "AWS_SHARED_CREDENTIALS_FILE"), "/.aws/credentials");
  paths.config = expand(NonEmpty(env, "AWS_CONFIG_FILE"), "/.aws/config");
  return paths;
}

std::string ActiveProfile(const EnvLookup& env, std::string_view explicit_profile) {
  if (!Trim(explicit_profile).empty()) return std::string(Trim(explicit_profile));
  for (const char* name : {"AWS_PROFILE", "AWS_DEFAULT_PROFILE"}) {
    if (auto value = NonEmpty(env, name)) return std::string(Trim(*value));
  }
  return "default";
}

Result<std::string> ResolveRegion(const EnvLookup& env, std::string_view explicit_region,
                                  std::string_view profile) {
  auto checked = [](std::string_view region, std::string_view source) -> Result<std::string> {
    if (!IsPlausibleRegion(region)) {
      return Error(errc::kConfiguration, "region '" + std::string(region) + "' from " +
                                             std::string(source) +
                                             " is not a region name (letters, digits, '-')");
    }
    return std::string(region);
  };
  if (!Trim(explicit_region).empty()) return checked(Trim(explicit_region), "the client options");
  std::string tried = "no region: none given in the client options";
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
    const std::optional<std::string> value = env(name);
    if (value.has_value() && !Trim(*value).empty()) return checked(Trim(*value), name);
    tried += "; " + Describe(name, value);
  }
  const std::string active = ActiveProfile(env, profile);
  Result<ConfigFile> config = LoadConfigFile(env);
  if (!config.ok()) return Error(errc::kConfiguration, tried + "; " + config.error().message());
  if (config->path().empty()) {
    tried += "; no config file (HOME and AWS_CONFIG_FILE unset)";
  } else if (!config->exists()) {
    tried += "; config file " + config->path() + " not found";
  } else if (const ConfigSection* section = config->FindConfigProfile(active)) {
    if (auto region = section->Get("region"); region.has_value() && !region->empty()) {
      return checked(*region, "profile '" + active + "' in " + config->path());
    }
    tried += "; profile '" + active + "' in " + config->path() + " has no region";
  } else {
    tried += "; profile '" + active + "' not found in " + config->path();
  }
  return Error(errc::kConfiguration, tried);
}

Result<std::string> ResolveEndpoint(const EnvLookup& env, std::string_view explicit_endpoint,
                                    std::string_view region, std::string_view profile) {
  if (!Trim(explicit_endpoint).empty()) {
    return ValidateEndpoint(explicit_endpoint, "the client options");
  }
  const std::optional<std::string> ignore = env("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
  const bool use_configured = !(ignore.has_value() && ToLower(Trim(*ignore)) == "true");
  if (use_configured) {
    for (const char* name : {"AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL"}) {
      if (auto value = NonEmpty(env, name)) return ValidateEndpoint(*value, name);
    }
    Result<ConfigFile> config = LoadConfigFile(env);
    if (!config.ok()) return std::move(config).error();
    const std::string active = ActiveProfile(env, profile);
    if (const ConfigSection* section = config->FindConfigProfile(active)) {
      const std::string where = "profile '" + active + "' in " + config->path();
      if (auto services_name = section->Get("services")) {
        if (const ConfigSection* services = config->FindServices(*services_name)) {
          if (auto url = services->GetNested("dynamodb", "endpoint_url")) {
            return ValidateEndpoint(*url,
                                    "services '" + std::string(*services_name) + "' of " + where);
          }
        }
      }
      if (auto url = section->Get("endpoint_url"); url.has_value() && !url->empty()) {
        return ValidateEndpoint(*url, where);
      }
    }
  }
  const std::string_view trimmed_region = Trim(region);
  if (!IsPlausibleRegion(trimmed_region)) {
    return Error(errc::kConfiguration,
                 trimmed_region.empty()
                     ? std::string("no endpoint configured and no region to build one from")
                     : "region '" + std::string(trimmed_region) +
                           "' is not a region name (letters, digits, '-')");
  }
  const bool china = trimmed_region.rfind("cn-", 0) == 0;
  return "https://dynamodb." + std::string(trimmed_region) +
         (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

}  // namespace homeboard::ddb
