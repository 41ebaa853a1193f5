// firedrill routes against the real amtool (Debian package
// prometheus-alertmanager, 0.25): the same route tree (`config routes show`)
// and the same receivers for alerts down every path of the tree
// (`config routes test`, with and without --tree), for the example
// configuration in tests/data/routing and for every bundled scenario with
// routing (scenarios/*/). amtool does not know firedrill's extensions
// (receivers' `team:`, `silences:`): it gets a copy without them.
#include <sys/wait.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "command_runner.h"
#include "sim/routing/route_tree.h"
#include "sim/routing/routing_file.h"
#include "sim/scenario/loader.h"

namespace firedrill::testing {
namespace {

namespace fs = std::filesystem;

CommandResult run_amtool(const std::string& amtool, const std::string& args,
                         const ScratchDir& cwd) {
  return run_program(amtool, args, cwd);
}

// LABEL="VALUE" arguments, the value escaped as both tools read it.
std::string label_args(const Labels& labels) {
  std::string out;
  for (const auto& [name, value] : labels) {
    std::string escaped;
    for (char c : value) {
      if (c == '\\' || c == '"') escaped += '\\';
      escaped += c == '\n' ? std::string("\\n") : std::string(1, c);
    }
    out += " " + shell_quote(name + "=\"" + escaped + "\"");
  }
  return out;
}

// A value the regex of `m` matches, if one is easy to see: the first
// alternative of a pattern of literal alternatives ("a|b", "^(?:a|b)$").
std::optional<std::string> sample_value(const LabelMatcher& m) {
  std::string pattern = m.value;
  if (pattern.starts_with("^(?:") && pattern.ends_with(")$")) {
    pattern = pattern.substr(4, pattern.size() - 6);
  }
  const std::string first = pattern.substr(0, pattern.find('|'));
  for (char c : first) {
    const bool literal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
    if (!literal) return std::nullopt;
  }
  if (m.regex == nullptr || !m.regex->full_match(first)) return std::nullopt;
  return first;
}

void set_label(Labels& labels, const std::string& name, const std::string& value) {
  for (auto& [n, v] : labels) {
    if (n == name) {
      v = value;
      return;
    }
  }
  labels.emplace_back(name, value);
}

// Labels that satisfy the positive matchers of a route and its ancestors.
void collect_paths(const RouteSpec& route, Labels labels, std::vector<Labels>& per_route,
                   std::vector<std::vector<std::size_t>>& siblings) {
  for (const LabelMatcher& m : route.matchers) {
    if (m.op == LabelMatcher::Op::kEqual) set_label(labels, m.name, m.value);
    if (m.op == LabelMatcher::Op::kRegex) {
      if (std::optional<std::string> value = sample_value(m)) set_label(labels, m.name, *value);
    }
  }
  per_route.push_back(labels);
  std::vector<std::size_t> children;
  for (const RouteSpec& child : route.routes) {
    children.push_back(per_route.size());
    collect_paths(child, labels, per_route, siblings);
  }
  if (children.size() > 1) siblings.push_back(std::move(children));
}

// Label sets down every path of the tree, pairs of siblings together (for
// `continue`), and none at all (the root's receiver).
std::vector<Labels> label_sets(const RouteSpec& root) {
  std::vector<Labels> per_route;
  std::vector<std::vector<std::size_t>> siblings;
  collect_paths(root, {}, per_route, siblings);
  std::vector<Labels> sets = per_route;
  for (const std::vector<std::size_t>& group : siblings) {
    for (std::size_t i = 0; i < group.size(); ++i) {
      for (std::size_t j = i + 1; j < group.size(); ++j) {
        Labels both = per_route[group[i]];
        for (const auto& [name, value] : per_route[group[j]]) set_label(both, name, value);
        sets.push_back(std::move(both));
      }
    }
  }
  constexpr std::size_t kMaxSets = 150;
  if (sets.size() > kMaxSets) sets.resize(kMaxSets);
  sets.push_back({{"no_route_matches", "this"}});
  return sets;
}

// A copy of an Alertmanager configuration without firedrill's extensions.
std::string without_extensions(YAML::Node config) {
  config.remove("silences");
  if (config["receivers"].IsSequence()) {
    for (YAML::Node receiver : config["receivers"]) {
      if (receiver.IsMap()) receiver.remove("team");
    }
  }
  YAML::Emitter out;
  out << config;
  return std::string(out.c_str()) + "\n";
}

// Compares firedrill routes on `firedrill_path` with amtool on `amtool_file`.
void check_agreement(const std::string& amtool, const std::string& firedrill_path,
                     const std::string& amtool_file, const RouteSpec& root,
                     const std::vector<Labels>& extra_sets) {
  ScratchDir cwd;
  const CommandResult check = run_amtool(amtool, "check-config " + shell_quote(amtool_file), cwd);
  INFO("amtool check-config " << amtool_file << "\n" << check.out << check.err);
  REQUIRE(check.exit_code == 0);

  {
    const CommandResult ours = run_firedrill("routes " + shell_quote(firedrill_path), cwd);
    const CommandResult theirs =
        run_amtool(amtool, "config routes show --config.file=" + shell_quote(amtool_file), cwd);
    INFO("firedrill routes " << firedrill_path << " (exit " << ours.exit_code << ")\n"
                             << ours.out << ours.err);
    CHECK(ours.exit_code == 0);
    CHECK(theirs.exit_code == 0);
    CHECK(ours.out == theirs.out);
  }
  std::vector<Labels> sets = label_sets(root);
  sets.insert(sets.end(), extra_sets.begin(), extra_sets.end());
  for (const Labels& labels : sets) {
    // Without labels firedrill routes prints the tree (compared above);
    // amtool's answer for them, the root's receiver, is compared with --tree.
    if (labels.empty()) continue;
    const std::string args = label_args(labels);
    const CommandResult ours = run_firedrill("routes " + shell_quote(firedrill_path) + args, cwd);
    const CommandResult theirs = run_amtool(
        amtool, "config routes test --config.file=" + shell_quote(amtool_file) + args, cwd);
    INFO("labels:" << args << "\nfiredrill (exit " << ours.exit_code << "):\n"
                   << ours.out << ours.err << "amtool (exit " << theirs.exit_code << "):\n"
                   << theirs.out << theirs.err);
    CHECK(ours.exit_code == 0);
    CHECK(theirs.exit_code == 0);
    CHECK(ours.out == theirs.out);
    CHECK_FALSE(ours.out.empty());
  }
  std::vector<Labels> tree_sets = extra_sets;
  tree_sets.push_back({});
  for (const Labels& labels : tree_sets) {
    const std::string args = label_args(labels);
    const CommandResult ours =
        run_firedrill("routes --tree " + shell_quote(firedrill_path) + args, cwd);
    const CommandResult theirs = run_amtool(
        amtool, "config routes test --tree --config.file=" + shell_quote(amtool_file) + args, cwd);
    INFO("--tree, labels:" << args << "\nfiredrill:\n"
                           << ours.out << ours.err << "amtool:\n"
                           << theirs.out << theirs.err);
    CHECK(ours.out == theirs.out);
  }
}

}  // namespace

TEST_CASE("firedrill routes and amtool agree on the configurations of tests/data/routing",
          "[routes]") {
  const std::string amtool = find_on_path("amtool");
  if (amtool.empty()) {
    WARN("amtool is not on PATH (package prometheus-alertmanager): conformance not checked");
    return;
  }
  // Label sets beyond those derived from each tree, per file.
  const std::map<std::string, std::vector<Labels>> extra = {
      {"alertmanager-example.yml",
       {
           {{"service", "checkout"}, {"severity", "critical"}},  // continue, then a nested route
           {{"service", "search"}, {"severity", "warning"}},
           {{"service", "checkouts"}, {"severity", "critical"}},  // regexes are anchored
           {{"service", "payments"}, {"severity", "page"}},       // match_re
           {{"service", "payments"}, {"severity", "Page"}},
           {{"service", "database"}, {"owner", "shop"}},  // continue among children
           {{"service", "database"}, {"owner", "payments"}, {"severity", "critical"}},
           {{"service", "database"}, {"owner", "nobody"}},
           {{"alertname", "Quiet"}, {"cluster", "eu-1"}},  // nothing matches: the root
           {{"service", "cart,checkout"}},
           {{"service", ""}},
       }},
      {"matcher-syntax.yml",
       {
           {{"team", "shop"}, {"env", "prod"}, {"severity", "warning"}},
           {{"team", "shop"}, {"env", "staging"}, {"severity", "warning-ish"}},
           {{"team", "shop"}, {"env", "prod"}, {"tier", "batch"}},
           {{"team", "shop"}, {"env", "prod"}, {"severity", "info"}},
           {{"team", "shop"},
            {"env", "prod"},
            {"quote", "say \"hi\", twice"},
            {"severity", "critical"}},
           {{"team", "shop"}, {"env", "prod"}, {"path", "C:\\temp\\logs"}, {"lines", "a\nb"}},
           {{"team", "data-eu"}, {"env", "prod"}, {"region", "eu-west-1"}},
           {{"team", "db-"}, {"env", "prod"}, {"region", "us-east"}},
           {{"team", "db-x"}, {"env", "prod"}, {"region", "us-east-2"}},
           {{"owner", "ann"}},
           {{"owner", "ann"}, {"zone", "z1"}},
           {{"app:name", "legacy"}},
       }},
  };
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(std::string(FIREDRILL_TEST_DATA) + "/routing")) {
    const std::string file = entry.path().string();
    if (!file.ends_with(".yml")) continue;
    INFO("file " << file);
    std::vector<Diagnostic> warnings;
    const RoutingSpec spec = load_routing_file(file, nullptr, warnings);
    const auto sets = extra.find(entry.path().filename().string());
    check_agreement(amtool, file, file, spec.route,
                    sets != extra.end() ? sets->second : std::vector<Labels>{});
    ++checked;
  }
  CHECK(checked >= 2);
}

TEST_CASE("firedrill routes and amtool agree on every bundled scenario's routing", "[routes]") {
  const std::string amtool = find_on_path("amtool");
  if (amtool.empty()) {
    WARN("amtool is not on PATH (package prometheus-alertmanager): conformance not checked");
    return;
  }
  ScratchDir scratch;
  int checked = 0;
  for (const auto& entry :
       fs::directory_iterator(std::string(FIREDRILL_SOURCE_DIR) + "/scenarios")) {
    if (!entry.is_directory()) continue;
    const fs::path folder = entry.path();
    const std::string scenario_file = (folder / "scenario.yaml").string();
    if (fs::exists(scenario_file)) {
      INFO("scenario " << folder.string());
      const Scenario scenario = load_scenario(folder.string());
      if (scenario.routing) {
        YAML::Node routing = YAML::LoadFile(scenario_file)["routing"];
        if (routing.IsScalar()) routing = YAML::LoadFile((folder / routing.Scalar()).string());
        const std::string copy = scratch.file(folder.filename().string() + "-alertmanager.yml");
        std::ofstream(copy) << without_extensions(routing);
        check_agreement(amtool, folder.string(), copy, scenario.routing->route, {});
        ++checked;
      }
    }
    // Any plain Alertmanager configuration of the folder, read on its own.
    for (const auto& file : fs::directory_iterator(folder)) {
      const std::string path = file.path().string();
      if (!path.ends_with(".yml") && !path.ends_with(".yaml")) continue;
      if (!is_routing_file(path)) continue;
      INFO("routing file " << path);
      std::vector<Diagnostic> warnings;
      const RoutingSpec spec = load_routing_file(path, nullptr, warnings);
      const std::string copy =
          scratch.file(folder.filename().string() + "-" + file.path().filename().string());
      std::ofstream(copy) << without_extensions(YAML::LoadFile(path));
      check_agreement(amtool, path, copy, spec.route, {});
      ++checked;
    }
  }
  // None may be bundled yet; each one added is checked here.
  SUCCEED("routing configurations checked: " << checked);
}

}  // namespace firedrill::testing
