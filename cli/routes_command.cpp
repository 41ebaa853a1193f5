// firedrill routes PATH [LABEL=VALUE...]: a scenario's Alertmanager routing
// (or a plain alertmanager.yml) as amtool shows it: the route tree, or the
// receivers an alert with the given labels goes to. The output is amtool
// 0.25's (`amtool config routes show` / `amtool config routes test`).
#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/report_errors.h"
#include "sim/base/input_error.h"
#include "sim/routing/route_tree.h"
#include "sim/routing/routing_file.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {
namespace {

struct RoutesOptions {
  std::string path;
  std::vector<std::string> labels;
  bool tree = false;
};

// The routing of a scenario, or of an Alertmanager configuration file.
// Prints the warnings to stderr. Bad input throws InputError.
RoutingSpec load_routing(const std::string& path) {
  std::vector<Diagnostic> warnings;
  RoutingSpec spec;
  if (is_routing_file(path)) {
    spec = load_routing_file(path, nullptr, warnings);
  } else {
    Scenario scenario = load_scenario(path);
    warnings = std::move(scenario.warnings);
    if (!scenario.routing) {
      throw InputError("scenario '" + path +
                       "' has no 'routing' (an Alertmanager configuration: see docs/paging.md)");
    }
    spec = std::move(*scenario.routing);
  }
  for (const Diagnostic& w : warnings) fmt::print(stderr, "{}\n", w.str());
  return spec;
}

// amtool's text for a route: its matchers (or default-route), then what is asked.
std::string route_slug(const RouteSpec& route, bool show_continue, bool show_receiver) {
  std::string slug = route.matchers.empty() ? "default-route" : format_matchers(route.matchers);
  if (show_continue && route.continue_matching) slug += "  continue: true";
  if (show_receiver) slug += "  receiver: " + route.receiver;
  return slug;
}

// A tree drawn as amtool's treeprint draws it (byte for byte: a continued
// branch is "│", two no-break spaces and a space).
struct TreeText {
  std::string text = ".\n";
  void add(const std::string& prefix, bool last, const std::string& slug) {
    text += prefix + (last ? "└── " : "├── ") + slug + "\n";
  }
  static std::string child_prefix(const std::string& prefix, bool last) {
    return prefix + (last ? "    " : "│\u00a0\u00a0 ");
  }
};

void draw_route(TreeText& tree, const RouteSpec& route, const std::string& prefix, bool last) {
  tree.add(prefix, last, route_slug(route, true, true));
  const std::string inner = TreeText::child_prefix(prefix, last);
  for (std::size_t i = 0; i < route.routes.size(); ++i) {
    draw_route(tree, route.routes[i], inner, i + 1 == route.routes.size());
  }
}

// The branches an alert takes (amtool's --tree): the receiver is shown where
// the search ends.
void draw_matching(TreeText& tree, const RouteSpec& route, const Labels& labels,
                   const std::string& prefix, bool last) {
  std::vector<const RouteSpec*> taken;
  for (const RouteSpec& child : route.routes) {
    if (!matches_all(child.matchers, labels)) continue;
    taken.push_back(&child);
    if (!child.continue_matching) break;
  }
  tree.add(prefix, last, route_slug(route, false, taken.empty()));
  const std::string inner = TreeText::child_prefix(prefix, last);
  for (std::size_t i = 0; i < taken.size(); ++i) {
    draw_matching(tree, *taken[i], labels, inner, i + 1 == taken.size());
  }
}

// LABEL=VALUE arguments as amtool reads them (a matcher with '='); the last
// of a repeated label wins. Returns false after printing a usage error.
bool parse_labels(const std::vector<std::string>& args, Labels& out) {
  for (const std::string& arg : args) {
    LabelMatcher m;
    try {
      m = parse_matcher(arg);
    } catch (const MatcherError& e) {
      fmt::print(stderr, "firedrill routes: invalid label '{}': {} (expected LABEL=VALUE)\n", arg,
                 e.what());
      return false;
    }
    if (m.op != LabelMatcher::Op::kEqual) {
      fmt::print(stderr,
                 "firedrill routes: invalid label '{}': labels are given as LABEL=VALUE pairs\n",
                 arg);
      return false;
    }
    bool replaced = false;
    for (auto& [name, value] : out) {
      if (name == m.name) {
        value = m.value;
        replaced = true;
      }
    }
    if (!replaced) out.emplace_back(m.name, m.value);
  }
  return true;
}

int run_routes(const RoutesOptions& options) {
  Labels labels;
  if (!parse_labels(options.labels, labels)) return kExitUsage;
  return report_errors([&] {
    const RoutingSpec spec = load_routing(options.path);
    if (options.labels.empty() && !options.tree) {
      TreeText tree;
      draw_route(tree, spec.route, "", true);
      fmt::print("Routing tree:\n{}\n", tree.text);
      return kExitOk;
    }
    if (options.tree) {
      TreeText tree;
      draw_matching(tree, spec.route, labels, "", true);
      fmt::print("Matching routes:\n{}\n\n", tree.text);
    }
    std::string receivers;
    for (const RouteSpec* route : match_routes(spec.route, labels)) {
      if (!receivers.empty()) receivers += ',';
      receivers += route->receiver;
    }
    fmt::print("{}\n", receivers);
    return kExitOk;
  });
}

}  // namespace

void add_routes_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "routes",
      "Show a scenario's Alertmanager route tree, or the receivers an alert with the given "
      "labels goes to (as `amtool config routes show` / `test` print them)");
  auto options = std::make_shared<RoutesOptions>();
  cmd->add_option("PATH", options->path,
                  "Scenario folder or YAML file with 'routing', or an Alertmanager "
                  "configuration file (alertmanager.yml)")
      ->required();
  cmd->add_option("LABELS", options->labels,
                  "Labels of an alert, LABEL=VALUE (e.g. service=checkout severity=page): "
                  "prints the receivers it goes to instead of the tree");
  cmd->add_flag("--tree", options->tree, "With labels: also print the routes the alert takes");
  cmd->footer(
      "Warnings (parts of the configuration firedrill does not simulate) go to stderr.\n"
      "Exit status: 0 ok, 1 bad input, 2 bad command line.");
  cmd->callback([options, &exit_code] { exit_code = run_routes(*options); });
}

}  // namespace firedrill::cli
