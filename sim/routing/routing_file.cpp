#include "sim/routing/routing_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "sim/routing/routing_reader.h"
#include "sim/scenario/yaml_documents.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {
namespace {

// Larger than any configuration a person writes; keeps a wrong path (a log,
// a disk image) from being read whole.
constexpr std::uintmax_t kMaxFileBytes = 16u << 20;

std::string read_text(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) {
    throw InputError("cannot read routing file '" + path + "': no such file");
  }
  if (std::filesystem::is_directory(status)) {
    throw InputError("cannot read routing file '" + path + "': it is a folder");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw InputError("cannot read routing file '" + path + "': not a regular file");
  }
  if (std::filesystem::file_size(path, ec) > kMaxFileBytes) {
    throw InputError("routing file '" + path + "' is larger than 16 MiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read routing file '" + path + "': " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError("cannot read routing file '" + path + "': read error");
  return text;
}

}  // namespace

RoutingSpec parse_routing_file(std::string_view text, const std::string& file,
                               const std::vector<TeamSpec>* teams,
                               std::vector<Diagnostic>& warnings) {
  YamlReader reader(file);
  std::optional<RoutingSpec> spec = read_routing_text(reader, text, teams);
  if (reader.failed() || !spec) throw InputError(reader.take_diagnostics());
  for (Diagnostic& w : reader.take_warnings()) warnings.push_back(std::move(w));
  return std::move(*spec);
}

RoutingSpec load_routing_file(const std::string& path, const std::vector<TeamSpec>* teams,
                              std::vector<Diagnostic>& warnings) {
  return parse_routing_file(read_text(path), path, teams, warnings);
}

bool is_routing_file(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) return false;
  if (std::filesystem::file_size(path, ec) > kMaxFileBytes) return false;
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  try {
    const YamlDocuments documents = parse_yaml_documents(text);
    const YAML::Node& top = documents.first;
    return top.IsMap() && top["route"].IsDefined() && !top["firedrill"].IsDefined();
  } catch (const YAML::Exception&) {
    return false;
  }
}

}  // namespace firedrill
