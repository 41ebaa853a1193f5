// The scenario loader: YAML text -> validated Scenario. Reads the top level
// here, the services and traffic entries in sections.h, then checks what
// spans sections (names, cycles) and throws every problem found at once.
#include "sim/scenario/loader.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>

#include "sim/alerting/rule_file.h"
#include "sim/base/suggest.h"
#include "sim/scenario/sections.h"
#include "sim/scenario/topology.h"
#include "sim/scenario/yaml_documents.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill {
namespace {

constexpr std::int64_t kFormatVersion = 1;

const std::vector<std::string> kTopLevelKeys = {
    "firedrill",           "name",   "title",   "briefing", "duration",  "seed",
    "scrape_interval",     "start",  "teams",   "services", "traffic",   "faults",
    "evaluation_interval", "alerts", "routing", "incident", "responder", "scoring"};

// A `firedrill:` version other than 1 means the rest of the file follows
// another format: say only that, since every other message would be noise.
bool has_unsupported_version(YamlReader& reader, const YAML::Node& doc) {
  if (!doc.IsMap()) return false;
  for (const auto& pair : doc) {
    if (!pair.first.IsScalar() || pair.first.Scalar() != "firedrill") continue;
    const YAML::Node value = pair.second;
    if (!value.IsScalar() || value.Tag() == "!") return false;  // a type error, reported later
    std::int64_t version = 0;
    const std::string& text = value.Scalar();
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc() || ptr != text.data() + text.size() || version == kFormatVersion) {
      return false;
    }
    reader.error(reader.at(value), "unsupported scenario format version " + text +
                                       " (this engine reads version " +
                                       std::to_string(kFormatVersion) + ")");
    return true;
  }
  return false;
}

// Sets `known` when the services were read, so that references to services
// can be checked.
std::vector<ServiceDraft> read_services(YamlMap& top, bool& known) {
  std::vector<ServiceDraft> drafts;
  std::optional<YamlMap> services =
      top.read_name_map("services", "services", "service name -> service");
  known = services.has_value();
  if (!services) return drafts;
  if (services->fields().empty()) {
    top.reader().error(top.value_at("services"), "'services' must name at least one service");
  }
  for (const YamlField& field : services->fields()) {
    drafts.push_back(read_service(top.reader(), field));
  }
  return drafts;
}

std::vector<TrafficDraft> read_traffic_list(YamlMap& top) {
  std::vector<TrafficDraft> drafts;
  std::optional<YAML::Node> traffic = top.read_list("traffic");
  if (!traffic) return drafts;
  YamlReader& reader = top.reader();
  if (traffic->size() == 0) {
    reader.error(top.value_at("traffic"), "'traffic' must list at least one entry point");
  }
  reader.for_each_map(*traffic, "a map like {entry: frontend, rate: 10/s} for each traffic entry",
                      [&](const YAML::Node& item, std::size_t number) {
                        drafts.push_back(read_traffic(reader, item, number));
                      });
  return drafts;
}

// Which sections could be read, so that names can be checked against them.
struct KnownSections {
  bool teams = false;
  bool services = false;
};

// Resolves service names in calls and traffic, and team names; reports the
// unknown ones with a suggestion.
void resolve_names(YamlReader& reader, const KnownSections& known, Scenario& scenario,
                   std::vector<ServiceDraft>& services, std::vector<TrafficDraft>& traffic) {
  std::vector<std::string> team_names;
  for (const TeamSpec& t : scenario.teams) team_names.push_back(t.name);
  std::vector<std::string> service_names;
  std::map<std::string, ServiceIndex, std::less<>> index_of;
  for (const ServiceDraft& d : services) {
    index_of.emplace(d.spec.name, static_cast<ServiceIndex>(service_names.size()));
    service_names.push_back(d.spec.name);
  }

  for (ServiceDraft& d : services) {
    if (known.teams && d.team_at &&
        std::find(team_names.begin(), team_names.end(), d.spec.team) == team_names.end()) {
      const std::string hint = team_names.empty() ? " (the scenario defines no teams)"
                                                  : did_you_mean(d.spec.team, team_names);
      reader.error(*d.team_at,
                   "unknown team '" + d.spec.team + "' for service '" + d.spec.name + "'" + hint);
    }
    for (std::size_t i = 0; i < d.spec.calls.size(); ++i) {
      CallSpec& call = d.spec.calls[i];
      if (!d.to_at[i]) continue;  // `to` missing or not a string: already reported
      auto found = index_of.find(call.to);
      if (found == index_of.end()) {
        reader.error(*d.to_at[i], "unknown service '" + call.to + "' in calls of '" + d.spec.name +
                                      "'" + did_you_mean(call.to, service_names));
        d.to_at[i].reset();
        continue;
      }
      call.to_index = found->second;
    }
  }

  for (TrafficDraft& t : traffic) {
    if (!t.entry_at) continue;
    if (!known.services) {
      t.entry_at.reset();
      continue;
    }
    auto found = index_of.find(t.spec.entry);
    if (found == index_of.end()) {
      reader.error(*t.entry_at, "unknown service '" + t.spec.entry + "' in traffic" +
                                    did_you_mean(t.spec.entry, service_names));
      t.entry_at.reset();
      continue;
    }
    t.spec.entry_index = found->second;
  }
}

// Reports a cycle of required calls, at the call that starts it. Looks only
// at calls whose target resolved.
void check_required_cycle(YamlReader& reader, const std::vector<ServiceDraft>& services) {
  std::vector<ServiceSpec> resolved;
  for (const ServiceDraft& d : services) {
    ServiceSpec spec = d.spec;
    spec.calls.clear();
    for (std::size_t i = 0; i < d.spec.calls.size(); ++i) {
      if (d.to_at[i]) spec.calls.push_back(d.spec.calls[i]);
    }
    resolved.push_back(std::move(spec));
  }
  const std::vector<ServiceIndex> cycle = find_required_cycle(resolved);
  if (cycle.empty()) return;
  std::string path;
  for (ServiceIndex s : cycle) path += (path.empty() ? "" : " -> ") + resolved[s].name;
  SourceLocation where = resolved[cycle[0]].where;
  for (const CallSpec& call : resolved[cycle[0]].calls) {
    if (call.to_index == cycle[1] && !call.optional) {
      where = call.where;
      break;
    }
  }
  reader.error(where, "a cycle of required calls makes requests recurse forever: " + path +
                          " (make one of these calls optional)");
}

}  // namespace

const ScenarioSource* ScenarioFiles::find(std::string_view path) const {
  if (sources_ == nullptr) return nullptr;
  for (const ScenarioSource& source : *sources_) {
    if (source.path == path) return &source;
  }
  return nullptr;
}

std::string ScenarioFiles::display(std::string_view path) const {
  if (recorded()) return recording_ + ": " + std::string(path);
  return (folder_ / std::filesystem::path(path)).string();
}

namespace {

constexpr std::uintmax_t kMaxScriptBytes = 1u << 20;

// Reads `name` (already checked to be inside the scenario's folder) from the
// disk; reports a problem at `where`.
std::optional<std::string> read_disk_file(YamlReader& reader, const std::string& name,
                                          const std::filesystem::path& folder,
                                          const SourceLocation& where) {
  const std::filesystem::path file = folder / std::filesystem::path(name);
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (std::filesystem::is_directory(status)) {
    reader.error(where, "cannot read '" + name + "' (" + file.string() + "): it is a folder");
    return std::nullopt;
  }
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    reader.error(where, "cannot read '" + name + "' (" + file.string() + "): not a regular file");
    return std::nullopt;
  }
  if (std::filesystem::exists(status) && std::filesystem::file_size(file, ec) > kMaxScriptBytes) {
    reader.error(where, "'" + name + "' is larger than 1 MiB");
    return std::nullopt;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    reader.error(where, "cannot read '" + name + "' (" + file.string() +
                            "): " + (errno == ENOENT ? "no such file" : std::strerror(errno)));
    return std::nullopt;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) {
    reader.error(where, "cannot read '" + name + "' (" + file.string() + "): read error");
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<ScriptSource> read_script(YamlMap& top, std::string_view key,
                                        const ScenarioFiles& files, std::string_view example) {
  std::string name;
  if (!top.read_string(key, name)) return std::nullopt;
  YamlReader& reader = top.reader();
  const SourceLocation where = top.value_at(key);
  if (name.empty()) {
    reader.error(where, "'" + std::string(key) + "' must name " + std::string(example));
    return std::nullopt;
  }
  // Only a file of the scenario's own folder: a scenario from elsewhere must
  // not be able to copy /etc/passwd into a recording, or read /dev/zero.
  const std::filesystem::path relative(name);
  bool inside = relative.is_relative();
  for (const auto& part : relative) inside = inside && part != "..";
  if (!inside) {
    reader.error(where, "'" + std::string(key) +
                            "' must name a file in the scenario's folder "
                            "(a relative path without '..'), got '" +
                            name + "'");
    return std::nullopt;
  }
  if (!files.recorded()) {
    std::optional<std::string> text = read_disk_file(reader, name, files.folder(), where);
    if (!text) return std::nullopt;
    return ScriptSource{name, std::move(*text), where};
  }
  // Recorded by the name the scenario gives it, so looked up by that name.
  const ScenarioSource* source = files.find(name);
  if (source == nullptr) {
    reader.error(where, "the recording has no '" + name + "'");
    return std::nullopt;
  }
  if (source->content.size() > kMaxScriptBytes) {
    reader.error(where, "'" + name + "' is larger than 1 MiB");
    return std::nullopt;
  }
  return ScriptSource{name, source->content, where};
}

namespace {

// The `alerts:` key: a Prometheus rule file of the scenario's folder
// ("alerts.yml"), or its content inline (a map with `groups:`).
std::optional<ScriptSource> read_alerts(YamlMap& top, std::string_view text,
                                        const ScenarioFiles& files, Scenario& scenario) {
  const YamlField* field = top.find("alerts");
  if (field == nullptr) return std::nullopt;
  YamlReader& reader = top.reader();
  if (field->value.IsMap()) {
    read_rule_groups(reader, field->value, text, scenario.alert_rules);
    return std::nullopt;
  }
  if (!field->value.IsScalar()) {
    reader.error(top.value_at("alerts"),
                 "expected a Prometheus rule file name (e.g. alerts.yml) or a map with 'groups' "
                 "for 'alerts', got " +
                     describe(field->value));
    return std::nullopt;
  }
  std::optional<ScriptSource> file =
      read_script(top, "alerts", files, "a Prometheus rule file, e.g. alerts.yml");
  if (!file) return std::nullopt;
  try {
    scenario.alert_rules = parse_rule_file(file->text, files.display(file->path));
  } catch (const InputError& e) {
    reader.error(e, file->where);
  }
  return file;
}

Scenario read_scenario(YamlReader& reader, const YAML::Node& doc, std::string_view text,
                       const ScenarioFiles& files, std::optional<ScriptSource>& alerts_file,
                       std::optional<ScriptSource>& routing_file) {
  Scenario scenario;
  if (!doc.IsMap()) {
    reader.error(reader.at(doc),
                 "expected a map at the top of the scenario (with keys firedrill, "
                 "name, title, services and traffic), got " +
                     describe(doc));
    return scenario;
  }
  if (has_unsupported_version(reader, doc)) return scenario;

  YamlMap top(reader, doc, "the scenario", kTopLevelKeys);
  for (const char* key : {"firedrill", "name", "title", "services", "traffic"}) top.require(key);

  std::int64_t version = kFormatVersion;
  if (top.read_int64("firedrill", version)) scenario.format = static_cast<int>(version);
  if (top.read_string("name", scenario.name) &&
      !is_valid_name(scenario.name, /*allow_underscore=*/false)) {
    reader.error(top.value_at("name"), "invalid scenario name '" + scenario.name +
                                           "' (expected lowercase letters, digits and '-', "
                                           "starting with a letter or digit)");
  }
  if (top.read_string("title", scenario.title) && scenario.title.empty()) {
    reader.error(top.value_at("title"), "'title' must not be empty");
  }
  top.read_string("briefing", scenario.briefing);
  const bool duration_ok = top.read_duration("duration", scenario.duration) || !top.has("duration");
  if (duration_ok && scenario.duration <= 0) {
    reader.error(top.value_at("duration"), "'duration' must be greater than 0");
  }
  top.read_uint64("seed", scenario.seed);
  if (top.read_duration("scrape_interval", scenario.scrape_interval)) {
    if (scenario.scrape_interval <= 0) {
      reader.error(top.value_at("scrape_interval"), "'scrape_interval' must be greater than 0");
    } else if (duration_ok && scenario.scrape_interval > scenario.duration) {
      reader.error(top.value_at("scrape_interval"), "'scrape_interval' (" +
                                                        format_duration(scenario.scrape_interval) +
                                                        ") must not be longer than 'duration' (" +
                                                        format_duration(scenario.duration) + ")");
    }
  }
  top.read_time_of_day("start", scenario.start_of_day);
  if (top.read_duration("evaluation_interval", scenario.evaluation_interval) &&
      scenario.evaluation_interval <= 0) {
    reader.error(top.value_at("evaluation_interval"),
                 "'evaluation_interval' must be greater than 0");
  }
  alerts_file = read_alerts(top, text, files, scenario);
  scenario.faults = read_script(top, "faults", files);
  scenario.responder = read_script(top, "responder", files, "a Lua file, e.g. responder.lua");
  KnownSections known;
  known.teams = read_teams(top, scenario);
  routing_file = read_routing(top, text, known.teams, files, scenario);
  std::vector<ServiceDraft> services = read_services(top, known.services);
  std::vector<TrafficDraft> traffic = read_traffic_list(top);

  resolve_names(reader, known, scenario, services, traffic);
  check_required_cycle(reader, services);
  for (const TrafficDraft& t : traffic) {
    if (t.ramp_start_at && duration_ok && t.spec.ramp_start >= scenario.duration) {
      reader.error(*t.ramp_start_at, "the ramp's 'start' (" + format_duration(t.spec.ramp_start) +
                                         ") is not before the end of the run ('duration' " +
                                         format_duration(scenario.duration) + ")");
    }
  }

  for (ServiceDraft& d : services) scenario.services.push_back(std::move(d.spec));
  for (TrafficDraft& t : traffic) scenario.traffic.push_back(std::move(t.spec));
  read_incident(top, scenario, known.services, known.teams);
  read_scoring(top, scenario, known.services);
  return scenario;
}

}  // namespace

namespace {

// Loads the scenario file `yaml`, named `file_name` in messages and
// `source_name` in Scenario::sources, reading the files it names from `files`.
Scenario load(std::string_view yaml, const std::string& file_name, const std::string& source_name,
              const ScenarioFiles& files) {
  YamlReader reader(file_name);
  YamlDocuments documents;
  try {
    documents = parse_yaml_documents(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw InputError("invalid YAML: " + e.msg, reader.at(e.mark));
  }
  if (documents.count == 0 || documents.first.IsNull()) {
    throw InputError(
        "the scenario file is empty (expected a map with keys firedrill, name, title, services "
        "and traffic)",
        SourceLocation{file_name, 1, 1});
  }
  if (documents.count > 1) {
    reader.error(
        reader.at(documents.second),
        "a scenario file holds one YAML document, this one has " + std::to_string(documents.count));
  }
  std::optional<ScriptSource> alerts_file;
  std::optional<ScriptSource> routing_file;
  Scenario scenario =
      read_scenario(reader, documents.first, yaml, files, alerts_file, routing_file);
  if (reader.failed()) throw InputError(reader.take_diagnostics());
  scenario.warnings = reader.take_warnings();
  scenario.sources.push_back(ScenarioSource{source_name, std::string(yaml)});
  if (scenario.faults) {
    scenario.sources.push_back(ScenarioSource{scenario.faults->path, scenario.faults->text});
  }
  if (scenario.responder) {
    scenario.sources.push_back(ScenarioSource{scenario.responder->path, scenario.responder->text});
  }
  if (alerts_file) scenario.sources.push_back(ScenarioSource{alerts_file->path, alerts_file->text});
  if (routing_file) {
    scenario.sources.push_back(ScenarioSource{routing_file->path, routing_file->text});
  }
  return scenario;
}

}  // namespace

Scenario load_scenario_text(std::string_view yaml, const std::string& file_name) {
  // Recorded by name within the scenario folder, so that the same scenario
  // gives the same recording however its path was typed.
  const std::filesystem::path path(file_name);
  return load(yaml, file_name, path.filename().string(), ScenarioFiles(path.parent_path()));
}

namespace {
constexpr std::string_view kRuleFilePrefix = "--rules ";
}  // namespace

ScenarioSource recorded_rule_file(const std::string& file_name, std::string text) {
  return ScenarioSource{std::string(kRuleFilePrefix) + file_name, std::move(text)};
}

std::optional<std::string> recorded_rule_file_name(const ScenarioSource& source) {
  if (source.path.rfind(kRuleFilePrefix, 0) != 0) return std::nullopt;
  return source.path.substr(kRuleFilePrefix.size());
}

Scenario load_recorded_scenario(const std::vector<ScenarioSource>& sources,
                                const std::string& recording_path) {
  std::vector<ScenarioSource> scenario_files;
  std::vector<RuleGroupSpec> team_rules;
  bool any_rule_file = false;
  for (const ScenarioSource& source : sources) {
    if (std::optional<std::string> name = recorded_rule_file_name(source)) {
      any_rule_file = true;
      for (RuleGroupSpec& g : parse_rule_file(source.content, recording_path + ": " + *name)) {
        team_rules.push_back(std::move(g));
      }
    } else {
      scenario_files.push_back(source);
    }
  }
  if (scenario_files.empty()) {
    throw InputError("the recording holds no scenario file", SourceLocation{recording_path});
  }
  const ScenarioSource& yaml = scenario_files.front();
  Scenario scenario = load(yaml.content, recording_path + ": " + yaml.path, yaml.path,
                           ScenarioFiles(scenario_files, recording_path));
  if (any_rule_file) scenario.alert_rules = std::move(team_rules);
  scenario.sources = sources;
  return scenario;
}

Scenario load_scenario(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) {
    const bool other_error = ec && ec != std::errc::no_such_file_or_directory;
    throw InputError("cannot read scenario '" + path +
                     "': " + (other_error ? ec.message() : "no such file or folder"));
  }
  std::string file = path;
  if (fs::is_directory(status)) {
    file = (fs::path(path) / "scenario.yaml").string();
    if (!fs::exists(fs::status(file, ec))) {
      throw InputError("scenario folder '" + path + "' has no scenario.yaml");
    }
  }
  if (fs::is_directory(fs::status(file, ec))) {
    throw InputError("cannot read scenario '" + file + "': it is a folder, not a YAML file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw InputError("cannot read scenario '" + file + "': " + std::strerror(errno));
  }
  std::string content;
  char buffer[1 << 14];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    content.append(buffer, static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) {
    throw InputError("cannot read scenario '" + file + "': read error");
  }
  return load_scenario_text(content, file);
}

}  // namespace firedrill
