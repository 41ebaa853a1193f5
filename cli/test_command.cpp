// firedrill test [SCENARIO...] [--junit FILE] [-j N]: regression checks of
// scenarios, for their authors and CI. For each scenario: (1) it validates
// (what `firedrill validate` checks); (2) its reference responder, on the
// scenario's seed, scores at least `scoring: minimum`; (3) doing nothing
// breaches the SLO (the incident is worth responding to). Without an
// `incident:` or a `responder:`, (2) and (3) are skipped. One line per
// check, a summary, exit status 1 if any check failed; --junit writes the
// results as JUnit XML. docs/scenario-testing.md.
#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/commands.h"
#include "cli/junit.h"
#include "cli/report_errors.h"
#include "cli/scenario_check.h"
#include "cli/scored_run.h"
#include "scoring/rubric.h"
#include "scoring/score_card.h"
#include "scoring/user_impact.h"
#include "sim/base/input_error.h"
#include "sim/scenario/loader.h"

namespace firedrill::cli {
namespace {

struct TestArgs {
  std::vector<std::string> scenarios;
  std::string junit;
  unsigned jobs = 0;
};

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct CheckResult {
  std::string name;
  JUnitOutcome outcome = JUnitOutcome::kPassed;
  std::string message;  // one line: what was measured, or why it failed or was skipped
  std::string details;  // more, for a failure (JUnit's failure body, printed indented)
  double seconds = 0;
};

struct ScenarioResult {
  std::string path;
  std::string name;  // the scenario's name, or its path if it does not load
  std::optional<std::uint64_t> seed;
  std::optional<int> score;
  std::vector<CheckResult> checks;
  double seconds = 0;
};

// The checks' names: stable (JUnit consumers follow a test by its name).
constexpr const char* kValidates = "validates";
constexpr const char* kReference = "the reference responder scores at least the minimum";
constexpr const char* kBreaches = "doing nothing breaches the SLO";

CheckResult skipped(std::string name, std::string reason) {
  CheckResult c;
  c.name = std::move(name);
  c.outcome = JUnitOutcome::kSkipped;
  c.message = std::move(reason);
  return c;
}

CheckResult failed(std::string name, std::string message, std::string details, double secs) {
  CheckResult c;
  c.name = std::move(name);
  c.outcome = JUnitOutcome::kFailed;
  c.message = std::move(message);
  c.details = std::move(details);
  c.seconds = secs;
  return c;
}

// The first line of an error (the rest, a traceback, goes to the details).
std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

// An SLO objective as written: 99.9%, 99.99% (all its digits, up to six).
std::string objective_text(double fraction) {
  return fmt::format("{:.6g}%", fraction * 100);
}

std::string percent(double fraction) {
  return fmt::format("{:.3g}%", fraction * 100);
}

// "30-day" for an SLO window of whole days, else the duration ("12h").
std::string window_name(SimTime window) {
  if (window % kDay == 0) return fmt::format("{}-day", window / kDay);
  return format_duration(window);
}

// (1) What `firedrill validate` checks: the scenario loads, and its fault
// script and responder bot compile and run their top levels.
std::optional<Scenario> check_validates(const std::string& path, ScenarioResult& result) {
  const auto start = Clock::now();
  try {
    Scenario s = load_scenario(path);
    result.name = s.name;
    result.seed = s.seed;
    std::vector<Diagnostic> problems = check_scenario_scripts(s);
    if (!problems.empty()) {
      const std::string all = error_text(InputError(std::move(problems)));
      result.checks.push_back(failed(kValidates, first_line(all), all, seconds_since(start)));
      return std::nullopt;
    }
    CheckResult ok;
    ok.name = kValidates;
    ok.message = fmt::format("{} services{}{}", s.services.size(),
                             s.faults ? ", faults in " + s.faults->path : "",
                             s.responder ? ", responder in " + s.responder->path : "");
    ok.seconds = seconds_since(start);
    result.checks.push_back(std::move(ok));
    return s;
  } catch (const std::exception& e) {
    const std::string all = error_text(e);
    result.checks.push_back(failed(kValidates, first_line(all), all, seconds_since(start)));
    return std::nullopt;
  }
}

// "detection 20/20, triage 12/20, ..." and the items that lost points.
std::string card_details(const ScoreCard& card, int minimum) {
  std::string out = fmt::format("scored {}/{} (minimum {}) on seed {}\n", card.total, card.max,
                                minimum, card.seed);
  for (const ScoreSection& section : card.sections) {
    out += fmt::format("  {} {}/{}\n", section.title, section.points, section.max);
    for (const ScoreItem& item : section.items) {
      if (item.points < item.max) {
        out += fmt::format("    {} {}/{}: {}\n", item.title, item.points, item.max, item.reason);
      }
    }
  }
  return out;
}

ScenarioResult test_scenario(const std::string& path) {
  const auto start = Clock::now();
  ScenarioResult result;
  result.path = path;
  result.name = path;
  std::optional<Scenario> loaded = check_validates(path, result);
  if (!loaded) {
    result.checks.push_back(skipped(kReference, "not run: the scenario does not validate"));
    result.checks.push_back(skipped(kBreaches, "not run: the scenario does not validate"));
    result.seconds = seconds_since(start);
    return result;
  }
  const Scenario& s = *loaded;
  const std::string reference = kReference;
  std::string why_not;
  if (!s.incident) {
    why_not = "the scenario has no `incident:`: nothing to score";
  } else if (!s.responder) {
    why_not = "the scenario has no reference responder (`responder:`)";
  }
  if (!why_not.empty()) {
    result.checks.push_back(skipped(reference, why_not));
    result.checks.push_back(skipped(kBreaches, why_not));
    result.seconds = seconds_since(start);
    return result;
  }

  // (3) first: its do-nothing run is also the baseline of the reference score.
  const SloSpec slo = rubric_for(s).slo;
  std::optional<UserImpact> baseline;
  CheckResult breaches;
  breaches.name = kBreaches;
  const auto baseline_start = Clock::now();
  try {
    baseline = baseline_impact(s, s.seed, 0);
    breaches.seconds = seconds_since(baseline_start);
    const double ratio = baseline->requests > 0 ? baseline->bad / baseline->requests : 0;
    const std::string measured = fmt::format(
        "with nobody acting, {} of {}'s requests were bad (objective {}), {} of the {} error "
        "budget burned",
        percent(ratio), baseline->service, objective_text(slo.objective),
        percent(baseline->budget_burned), window_name(slo.window));
    if (baseline->breached) {
      breaches.message = measured;
    } else {
      breaches = failed(kBreaches, "the SLO holds: " + measured,
                        "The incident does not hurt users enough to breach the SLO when nobody "
                        "responds: " +
                            measured +
                            ".\nMake the fault stronger or longer, or the SLO stricter "
                            "(`scoring: slo:`).",
                        breaches.seconds);
    }
  } catch (const std::exception& e) {
    const std::string all = error_text(e);
    breaches = failed(kBreaches, "the do-nothing run failed: " + first_line(all), all,
                      seconds_since(baseline_start));
  }

  // (2) The reference responder against that baseline.
  const auto reference_start = Clock::now();
  if (!baseline) {
    result.checks.push_back(
        failed(reference, "not scored: the do-nothing run failed", breaches.details, 0));
  } else {
    try {
      std::optional<ScoreCard> card = reference_card(s, s.seed, 0, *baseline);
      const double secs = seconds_since(reference_start);
      if (!card) {
        result.checks.push_back(skipped(reference, why_not));
      } else {
        result.score = card->total;
        const std::string scored =
            fmt::format("{} scored {}/{}", s.responder->path, card->total, card->max);
        if (card->total >= s.scoring.minimum) {
          CheckResult ok;
          ok.name = reference;
          ok.message = fmt::format("{} (minimum {})", scored, s.scoring.minimum);
          ok.seconds = secs;
          result.checks.push_back(std::move(ok));
        } else {
          result.checks.push_back(
              failed(reference, fmt::format("{}, below the minimum {}", scored, s.scoring.minimum),
                     card_details(*card, s.scoring.minimum), secs));
        }
      }
    } catch (const std::exception& e) {
      const std::string all = error_text(e);
      result.checks.push_back(failed(reference, "the reference run failed: " + first_line(all), all,
                                     seconds_since(reference_start)));
    }
  }
  result.checks.push_back(std::move(breaches));
  result.seconds = seconds_since(start);
  return result;
}

// Every folder under ./scenarios holding a scenario.yaml, by name.
std::vector<std::string> default_scenarios() {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios", ec)) {
    std::error_code ec2;
    if (entry.is_directory(ec2) &&
        std::filesystem::is_regular_file(entry.path() / "scenario.yaml", ec2)) {
      found.push_back(entry.path().string());
    }
  }
  if (found.empty()) {
    throw InputError(
        "no scenarios to test: ./scenarios has no folder holding a scenario.yaml (name them: "
        "firedrill test SCENARIO...)");
  }
  std::sort(found.begin(), found.end());
  return found;
}

const char* outcome_word(JUnitOutcome o) {
  switch (o) {
    case JUnitOutcome::kPassed:
      return "PASS";
    case JUnitOutcome::kFailed:
      return "FAIL";
    case JUnitOutcome::kSkipped:
      return "SKIP";
  }
  return "?";
}

void print_result(const ScenarioResult& r) {
  if (r.seed) {
    fmt::print("{} ({}, seed {})\n", r.name, r.path, *r.seed);
  } else {
    fmt::print("{}\n", r.path);
  }
  for (const CheckResult& c : r.checks) {
    const std::string time =
        c.outcome == JUnitOutcome::kSkipped ? "" : fmt::format(" ({:.2f}s)", c.seconds);
    fmt::print("  {}  {}: {}{}\n", outcome_word(c.outcome), c.name, c.message, time);
    if (c.outcome == JUnitOutcome::kFailed && !c.details.empty() && c.details != c.message) {
      std::string details = c.details;
      while (!details.empty() && details.back() == '\n') details.pop_back();
      std::string indented = "        ";
      for (char ch : details) {
        indented += ch;
        if (ch == '\n') indented += "        ";
      }
      fmt::print("{}\n", indented);
    }
  }
  std::fflush(stdout);
}

std::vector<JUnitSuite> junit_suites(const std::vector<ScenarioResult>& results) {
  std::vector<JUnitSuite> suites;
  for (const ScenarioResult& r : results) {
    JUnitSuite suite;
    suite.name = r.name;
    suite.seconds = r.seconds;
    suite.properties.emplace_back("path", r.path);
    if (r.seed) suite.properties.emplace_back("seed", std::to_string(*r.seed));
    if (r.score) suite.properties.emplace_back("score", std::to_string(*r.score));
    for (const CheckResult& c : r.checks) {
      JUnitCase tc;
      tc.name = c.name;
      tc.classname = r.name;
      tc.seconds = c.seconds;
      tc.outcome = c.outcome;
      tc.message = c.message;
      tc.details = c.details;
      suite.cases.push_back(std::move(tc));
    }
    suites.push_back(std::move(suite));
  }
  return suites;
}

void write_junit(const std::string& file, const std::vector<ScenarioResult>& results) {
  const std::string xml = junit_xml("firedrill test", junit_suites(results));
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  if (!out) throw InputError("--junit: cannot write '" + file + "'");
  out << xml;
  out.close();
  if (!out) throw InputError("--junit: cannot write '" + file + "': write error");
}

int run_tests(const TestArgs& args) {
  const auto start = Clock::now();
  const std::vector<std::string> paths =
      args.scenarios.empty() ? default_scenarios() : args.scenarios;
  const std::size_t n = paths.size();
  // Scenarios run on a pool of threads; the main thread prints each result
  // in the order given, as soon as it and those before it are done.
  std::vector<std::optional<ScenarioResult>> results(n);
  std::mutex mutex;
  std::condition_variable done;
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      ScenarioResult r;
      try {
        r = test_scenario(paths[i]);
      } catch (const std::exception& e) {  // test_scenario reports its errors as checks
        r.path = r.name = paths[i];
        r.checks.push_back(failed(kValidates, error_text(e), "", 0));
      }
      {
        const std::lock_guard<std::mutex> lock(mutex);
        results[i] = std::move(r);
      }
      done.notify_all();
    }
  };
  unsigned jobs = args.jobs > 0 ? args.jobs : std::thread::hardware_concurrency();
  jobs = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, n));
  std::vector<ScenarioResult> ordered;
  {
    std::vector<std::jthread> pool;
    pool.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(worker);
    for (std::size_t i = 0; i < n; ++i) {
      std::unique_lock<std::mutex> lock(mutex);
      done.wait(lock, [&] { return results[i].has_value(); });
      ordered.push_back(std::move(*results[i]));
      lock.unlock();
      print_result(ordered.back());
    }
  }

  std::size_t passed = 0, failures = 0, skips = 0;
  for (const ScenarioResult& r : ordered) {
    for (const CheckResult& c : r.checks) {
      if (c.outcome == JUnitOutcome::kPassed) ++passed;
      if (c.outcome == JUnitOutcome::kFailed) ++failures;
      if (c.outcome == JUnitOutcome::kSkipped) ++skips;
    }
  }
  fmt::print("\n{} scenario{}, {} checks: {} passed, {} failed, {} skipped ({:.1f}s)\n", n,
             n == 1 ? "" : "s", passed + failures + skips, passed, failures, skips,
             seconds_since(start));
  if (!args.junit.empty()) {
    write_junit(args.junit, ordered);
    fmt::print("JUnit report: {}\n", args.junit);
  }
  return failures > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void add_test_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "test",
      "Check scenarios: each validates, its reference responder scores at least its minimum, "
      "and doing nothing breaches its SLO");
  auto args = std::make_shared<TestArgs>();
  cmd->add_option("SCENARIO", args->scenarios,
                  "Scenario folders or YAML files (default: every folder under ./scenarios "
                  "holding a scenario.yaml)");
  cmd->add_option("--junit", args->junit, "Also write the results to FILE as JUnit XML");
  cmd->add_option("-j,--jobs", args->jobs, "Scenarios tested at once (default: one per core)")
      ->check(CLI::Range(1u, 1024u));
  cmd->callback(
      [args, &exit_code] { exit_code = report_errors([&] { return run_tests(*args); }); });
}

}  // namespace firedrill::cli
