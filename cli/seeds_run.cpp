#include "cli/seeds_run.h"

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <exception>
#include <limits>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <utility>

#include "cli/report_errors.h"
#include "cli/scored_run.h"
#include "scoring/rubric.h"
#include "scoring/score_card.h"
#include "scoring/user_impact.h"
#include "sim/base/input_error.h"

namespace firedrill::cli {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A whole decimal number that fits 64 bits, or throws naming `item`.
std::uint64_t parse_seed(std::string_view text, std::string_view item) {
  const std::string_view digits = trim(text);
  if (digits.empty() ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    throw InputError("'" + std::string(item) +
                     "' is not a seed or a range of seeds (write 1..200 or 1,5,9..12)");
  }
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) {
      throw InputError("'" + std::string(digits) + "' is too large for a seed (at most " +
                       std::to_string(std::numeric_limits<std::uint64_t>::max()) + ")");
    }
    value = value * 10 + digit;
  }
  return value;
}

void too_many() {
  throw InputError("more than " + std::to_string(kMaxSeeds) + " seeds");
}

// The median of sorted `v` (not empty).
double median_of(const std::vector<double>& v) {
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// The seed's run, scored against `baseline` inside the inspect callback:
// only the numbers of its score card are kept.
SeedOutcome score_seed(const Scenario& scenario, const Rubric& rubric, const SeedsRequest& request,
                       std::uint64_t seed) {
  SeedOutcome outcome;
  outcome.seed = seed;
  auto keep = [&outcome](const ScoreCard& card) {
    outcome.has_incident = card.has_incident;
    outcome.score = card.total;
    outcome.max = card.max;
    const SimTime onset = card.times.onset;
    if (card.times.detected) outcome.detect = *card.times.detected - onset;
    if (card.times.mitigated) outcome.mitigate = *card.times.mitigated - onset;
    outcome.paged = !card.pages.empty();
    // The first page Alertmanager sent after the onset, and its answer.
    if (outcome.paged && card.pages.front().acknowledged_at) {
      outcome.acknowledge = *card.pages.front().acknowledged_at - card.pages.front().paged_at;
    }
    outcome.breached = card.impact.breached;
    outcome.baseline_breached = card.impact.baseline_breached;
  };
  try {
    MemoryRunSpec spec;
    spec.seed = seed;
    spec.until = request.until;
    spec.responder = request.responder;
    spec.responder_name = request.responder_name;
    if (!request.responder) {
      // Nobody acts: the run is its own baseline, one simulation instead of two.
      simulate_in_memory(scenario, spec, [&](const RunView& view) {
        const UserImpact baseline = measure_user_impact(view, rubric.slo, incident_onset(view));
        keep(score_run(view, &baseline));
      });
    } else {
      const UserImpact baseline = baseline_impact(scenario, seed, request.until);
      simulate_in_memory(scenario, spec,
                         [&](const RunView& view) { keep(score_run(view, &baseline)); });
    }
  } catch (const std::exception& e) {
    outcome = SeedOutcome{};
    outcome.seed = seed;
    outcome.error = error_text(e);
    if (outcome.error.empty()) outcome.error = "the run failed";
  } catch (...) {
    outcome = SeedOutcome{};
    outcome.seed = seed;
    outcome.error = "the run failed (unknown error)";
  }
  return outcome;
}

void summarize(SeedsReport& report) {
  std::vector<std::pair<std::uint64_t, double>> detect, acknowledge, mitigate, score;
  std::size_t scored = 0, paged = 0;
  for (const SeedOutcome& o : report.outcomes) {
    if (!o.error.empty()) {
      ++report.failed;
      continue;
    }
    ++scored;
    if (o.has_incident) report.has_incident = true;
    if (o.detect) detect.emplace_back(o.seed, static_cast<double>(*o.detect));
    if (o.mitigate) mitigate.emplace_back(o.seed, static_cast<double>(*o.mitigate));
    if (o.paged) ++paged;
    if (!o.paged) ++report.not_paged;
    if (o.acknowledge) acknowledge.emplace_back(o.seed, static_cast<double>(*o.acknowledge));
    score.emplace_back(o.seed, static_cast<double>(o.score));
    report.max_points = std::max(report.max_points, o.max);
    if (o.breached) ++report.breached;
    if (o.baseline_breached) ++report.baseline_breached;
  }
  report.detect = distribution_of(std::move(detect));
  report.detect.missed = scored - report.detect.count;
  report.acknowledge = distribution_of(std::move(acknowledge));
  report.acknowledge.missed = paged - report.acknowledge.count;
  report.mitigate = distribution_of(std::move(mitigate));
  report.mitigate.missed = scored - report.mitigate.count;
  report.score = distribution_of(std::move(score));
}

// --- Text -------------------------------------------------------------------

std::string duration_cell(double microseconds) {
  return format_duration(static_cast<SimTime>(std::llround(microseconds)));
}

std::string score_cell(double points) {
  return fmt::format("{:g}", points);
}

void print_row(std::FILE* out, std::string_view label, const Distribution& d,
               std::string (*cell)(double), const std::string& missed) {
  const bool any = d.count > 0;
  std::string line = fmt::format("{:<20} {:>9} {:>9} {:>9} {:>9}   {}", label,
                                 any ? cell(d.median) : "-", any ? cell(d.p90) : "-",
                                 any ? cell(d.min) : "-", any ? cell(d.max) : "-", missed);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  fmt::print(out, "{}\n", line);
}

// --- JSON -------------------------------------------------------------------

nlohmann::ordered_json seconds_or_null(const std::optional<SimTime>& t) {
  if (!t) return nullptr;
  return to_seconds(*t);
}

nlohmann::ordered_json distribution_json(const Distribution& d, bool times) {
  nlohmann::ordered_json j;
  j["count"] = d.count;
  j["missed"] = d.missed;
  const double scale = times ? 1.0 / static_cast<double>(kSecond) : 1.0;
  if (d.count == 0) {
    j["median"] = j["p90"] = j["min"] = j["max"] = nullptr;
    j["min_seed"] = j["max_seed"] = nullptr;
  } else {
    j["median"] = d.median * scale;
    j["p90"] = d.p90 * scale;
    j["min"] = d.min * scale;
    j["max"] = d.max * scale;
    // Strings, as everywhere in firedrill's JSON: seeds are 64-bit.
    j["min_seed"] = std::to_string(d.min_seed);
    j["max_seed"] = std::to_string(d.max_seed);
  }
  return j;
}

}  // namespace

std::vector<std::uint64_t> parse_seed_list(std::string_view text) {
  if (trim(text).empty()) throw InputError("no seeds given (write 1..200 or 1,5,9..12)");
  std::set<std::uint64_t> seeds;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string_view item = trim(text.substr(start, comma - start));
    start = comma + 1;
    if (item.empty()) {
      throw InputError("empty item in '" + std::string(text) + "' (write 1..200 or 1,5,9..12)");
    }
    const std::size_t dots = item.find("..");
    if (dots == std::string_view::npos) {
      seeds.insert(parse_seed(item, item));
    } else {
      const std::uint64_t first = parse_seed(item.substr(0, dots), item);
      const std::uint64_t last = parse_seed(item.substr(dots + 2), item);
      if (last < first) {
        throw InputError("the range '" + std::string(item) + "' ends before it starts");
      }
      if (last - first >= kMaxSeeds) too_many();
      for (std::uint64_t s = first;; ++s) {
        seeds.insert(s);
        if (seeds.size() > kMaxSeeds) too_many();
        if (s == last) break;
      }
    }
    if (seeds.size() > kMaxSeeds) too_many();
  }
  return {seeds.begin(), seeds.end()};
}

Distribution distribution_of(std::vector<std::pair<std::uint64_t, double>> values) {
  Distribution d;
  d.count = values.size();
  if (values.empty()) return d;
  // By value, then seed: min_seed and max_seed are the lowest seeds giving them.
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (const auto& v : values) sorted.push_back(v.second);
  d.median = median_of(sorted);
  // Nearest rank: the ceil(0.9 n)-th smallest value.
  const std::size_t rank = (9 * sorted.size() + 9) / 10;
  d.p90 = sorted[rank - 1];
  d.min = sorted.front();
  d.min_seed = values.front().first;
  d.max = sorted.back();
  auto first_max =
      std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.second == d.max; });
  d.max_seed = first_max->first;
  return d;
}

SeedsReport run_seeds(const Scenario& scenario, const SeedsRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  const Rubric rubric = rubric_for(scenario);
  SeedsReport report;
  report.scenario = scenario.name;
  report.title = scenario.title;
  report.seeds_text = request.seeds_text;
  report.until = request.until > 0 ? request.until : scenario.duration;
  report.responder_shown = request.responder ? request.responder_shown : "";
  report.responder_name = request.responder_name;

  // Each worker takes the next seed from the counter and writes its own
  // element of `outcomes` (sized beforehand, never resized): no other state
  // is shared but the const scenario, rubric and request.
  const std::size_t n = request.seeds.size();
  std::vector<SeedOutcome> outcomes(n);
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (;;) {
      const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
      if (i >= n) return;
      outcomes[i] = score_seed(scenario, rubric, request, request.seeds[i]);
    }
  };
  unsigned jobs = request.jobs > 0 ? request.jobs : std::thread::hardware_concurrency();
  jobs = static_cast<unsigned>(std::clamp<std::size_t>(jobs, 1, std::max<std::size_t>(n, 1)));
  {
    std::vector<std::jthread> pool;  // joined when the block ends, even on an exception
    pool.reserve(jobs);
    for (unsigned t = 0; t < jobs; ++t) pool.emplace_back(worker);
  }
  std::sort(outcomes.begin(), outcomes.end(),
            [](const SeedOutcome& a, const SeedOutcome& b) { return a.seed < b.seed; });
  report.outcomes = std::move(outcomes);
  report.jobs = jobs;
  summarize(report);
  report.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return report;
}

void print_seeds_text(std::FILE* out, const SeedsReport& r) {
  const std::size_t runs = r.outcomes.size();
  const std::size_t scored = runs - r.failed;
  fmt::print(out, "{} — {}\n", r.scenario, r.title);
  fmt::print(out, "seeds {}: {} run{} of {}\n", r.seeds_text, runs, runs == 1 ? "" : "s",
             format_duration(r.until));
  if (!r.responder_shown.empty()) {
    fmt::print(out, "responder: {} (a bot, acting as '{}')\n", r.responder_shown, r.responder_name);
  } else {
    fmt::print(out, "responder: none\n");
  }
  fmt::print(out,
             "nothing is recorded: each seed is simulated in memory and scored against doing "
             "nothing on the same seed\n\n");
  if (scored > 0 && !r.has_incident) {
    fmt::print(out,
               "the scenario has no `incident:`: there is nothing to detect, mitigate or "
               "score\n");
  } else if (scored > 0) {
    fmt::print(out, "{:<20} {:>9} {:>9} {:>9} {:>9}   {}\n", "", "median", "p90", "min", "max",
               "missed");
    const std::string of_scored = fmt::format(" of {}", scored);
    print_row(out, "time to detect", r.detect, duration_cell,
              fmt::format("{}{}", r.detect.missed, of_scored));
    const std::size_t paged = scored - r.not_paged;
    std::string ack_missed = fmt::format("{} of {} paged", r.acknowledge.missed, paged);
    print_row(out, "time to acknowledge", r.acknowledge, duration_cell, ack_missed);
    print_row(out, "time to mitigate", r.mitigate, duration_cell,
              fmt::format("{}{}", r.mitigate.missed, of_scored));
    print_row(out, fmt::format("score (of {})", r.max_points), r.score, score_cell, "");
    fmt::print(out, "\n");
    fmt::print(out,
               "detect and mitigate are measured from the incident's onset, acknowledge from "
               "the first page\n");
    if (r.not_paged > 0)
      fmt::print(out, "nobody was paged in {} of {} seeds\n", r.not_paged, scored);
    fmt::print(out,
               "lowest score: {} (seed {}); highest: {} (seed {}); `--seed N` runs one "
               "seed and records it\n",
               score_cell(r.score.min), r.score.min_seed, score_cell(r.score.max),
               r.score.max_seed);
    fmt::print(out, "SLO breached in {} of {} seeds (doing nothing: {} of {})\n", r.breached,
               scored, r.baseline_breached, scored);
  }
  if (r.failed > 0) {
    fmt::print(out, "{}failed: {} of {} seeds\n", scored > 0 ? "\n" : "", r.failed, runs);
    for (const SeedOutcome& o : r.outcomes) {
      if (o.error.empty()) continue;
      std::string text = o.error;
      while (!text.empty() && text.back() == '\n') text.pop_back();
      std::string indented;
      for (char c : text) {
        indented += c;
        if (c == '\n') indented += "    ";
      }
      fmt::print(out, "  seed {}: {}\n", o.seed, indented);
    }
  }
}

void print_seeds_json(std::FILE* out, const SeedsReport& r) {
  nlohmann::ordered_json j;
  j["scenario"] = r.scenario;
  j["title"] = r.title;
  j["seeds"] = r.seeds_text;
  j["runs"] = r.outcomes.size();
  j["failed"] = r.failed;
  j["until_seconds"] = to_seconds(r.until);
  if (!r.responder_shown.empty()) {
    j["responder"] = {{"script", r.responder_shown}, {"actor", r.responder_name}};
  } else {
    j["responder"] = nullptr;
  }
  j["recorded"] = false;
  j["has_incident"] = r.has_incident;
  nlohmann::ordered_json summary;
  summary["time_to_detect_seconds"] = distribution_json(r.detect, true);
  summary["time_to_acknowledge_seconds"] = distribution_json(r.acknowledge, true);
  summary["time_to_mitigate_seconds"] = distribution_json(r.mitigate, true);
  summary["score"] = distribution_json(r.score, false);
  summary["not_paged"] = r.not_paged;
  summary["breached"] = r.breached;
  summary["baseline_breached"] = r.baseline_breached;
  j["summary"] = std::move(summary);
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const SeedOutcome& o : r.outcomes) {
    nlohmann::ordered_json row;
    row["seed"] = std::to_string(o.seed);
    row["status"] = o.error.empty() ? "scored" : "failed";
    if (!o.error.empty()) {
      row["error"] = o.error;
    } else {
      row["score"] = o.score;
      row["max"] = o.max;
      row["paged"] = o.paged;
      row["time_to_detect_seconds"] = seconds_or_null(o.detect);
      row["time_to_acknowledge_seconds"] = seconds_or_null(o.acknowledge);
      row["time_to_mitigate_seconds"] = seconds_or_null(o.mitigate);
      row["breached"] = o.breached;
      row["baseline_breached"] = o.baseline_breached;
    }
    rows.push_back(std::move(row));
  }
  j["per_seed"] = std::move(rows);
  fmt::print(out, "{}\n", j.dump(2));
}

}  // namespace firedrill::cli
