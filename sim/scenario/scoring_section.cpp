// The `scoring:` section: how runs of the scenario are scored
// (docs/scenario-format.md, "scoring"). Read after services, traffic and the
// incident; sets the defaults (with the SLO's service resolved) when absent.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "sim/scenario/schedule_section.h"
#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

const std::vector<std::string> kScoringKeys = {"minimum", "slo", "targets", "weights",
                                               "acceptable"};
const std::vector<std::string> kSloKeys = {"service", "objective", "latency", "window"};
const std::vector<std::string> kTargetKeys = {"acknowledge", "respond", "mitigate", "first_status",
                                              "status_every"};
const std::vector<std::string> kWeightKeys = {"detection",  "triage",        "escalation",
                                              "mitigation", "communication", "impact"};

// A plain decimal number: "0.999", "-1", "5e-4" (no '+', no spaces, no "inf").
std::optional<double> parse_decimal(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// "99.9%" or "0.999" as a fraction; nullopt if it is neither.
std::optional<double> parse_objective(const std::string& text) {
  if (text.empty() || text.back() != '%') return parse_decimal(text);
  const std::string number = text.substr(0, text.size() - 1);
  if (!parse_decimal(number)) return std::nullopt;
  // "99.9e-2" parses to the double nearest 0.999, as "0.999" does (dividing
  // 99.9 by 100 may not).
  if (number.find_first_of("eE") == std::string::npos) return parse_decimal(number + "e-2");
  return *parse_decimal(number) / 100;
}

// "5ms, 10ms, ..., 10s": the latencies an SLO may name.
std::string latency_bounds() {
  std::string out;
  for (SimTime bound : kLatencyBucketBounds) {
    out += (out.empty() ? "" : ", ") + format_duration(bound);
  }
  return out;
}

void read_slo(YamlMap& scoring, Scenario& scenario, bool services_known) {
  std::optional<YamlMap> m = scoring.read_map("slo", "'slo' of 'scoring'", kSloKeys);
  if (!m) return;
  YamlReader& reader = scoring.reader();
  SloSpec& slo = scenario.scoring.slo;
  slo.where = m->where();

  std::string service;
  if (m->read_string("service", service)) {
    if (services_known &&
        check_service(reader, scenario, service, m->value_at("service"), "'slo'")) {
      slo.service = service;
      slo.service_index = *scenario.find_service(service);
    } else if (!services_known) {
      slo.service = service;
    }
  }

  std::string objective;
  if (m->read_string("objective", objective)) {
    std::optional<double> value = parse_objective(objective);
    if (!value) {
      reader.error(m->value_at("objective"),
                   "expected a percentage like 99.9% or a fraction like 0.999 for 'objective', "
                   "got '" +
                       objective + "'");
    } else if (*value <= 0 || *value >= 1) {
      reader.error(m->value_at("objective"),
                   "'objective' must be strictly between 0 and 1 (0% and 100%), got " + objective);
    } else {
      slo.objective = *value;
    }
  }

  SimTime latency = 0;
  if (m->read_duration("latency", latency)) {
    bool bound = false;
    SimTime nearest = kLatencyBucketBounds.front();
    for (SimTime b : kLatencyBucketBounds) {
      bound = bound || b == latency;
      if (std::llabs(b - latency) < std::llabs(nearest - latency)) nearest = b;
    }
    if (bound) {
      slo.latency = latency;
    } else {
      reader.error(m->value_at("latency"),
                   "'latency' must be a bucket bound of request_duration_seconds (" +
                       latency_bounds() + "; leave it out for availability only), got " +
                       format_duration(latency) + " (did you mean " + format_duration(nearest) +
                       "?)");
    }
  }

  SimTime window = 0;
  if (m->read_duration("window", window)) {
    if (window <= 0) {
      reader.error(m->value_at("window"), "'window' must be greater than 0");
    } else {
      slo.window = window;
    }
  }
}

void read_targets(YamlMap& scoring, ScoringTargets& targets) {
  std::optional<YamlMap> m = scoring.read_map("targets", "'targets' of 'scoring'", kTargetKeys);
  if (!m) return;
  YamlReader& reader = scoring.reader();
  const auto read_target = [&](std::string_view key, SimTime& out) {
    SimTime value = 0;
    if (!m->read_duration(key, value)) return;
    if (value <= 0) {
      reader.error(m->value_at(key), "'" + std::string(key) + "' must be greater than 0 (" +
                                         (key == "status_every" ? "or none for no cadence; " : "") +
                                         "leave it out to use the severity's target)");
      return;
    }
    out = value;
  };
  read_target("acknowledge", targets.acknowledge);
  read_target("respond", targets.respond);
  read_target("mitigate", targets.mitigate);
  read_target("first_status", targets.first_status);

  const YamlField* every = m->find("status_every");
  if (every == nullptr) return;
  if (every->value.IsScalar() && every->value.Scalar() == "none") {
    targets.status_cadence_required = false;
    return;
  }
  if (every->value.IsScalar()) {
    try {
      parse_duration(every->value.Scalar());
    } catch (const InputError&) {
      reader.error(m->value_at("status_every"),
                   "expected a duration (like 30m) or none for 'status_every', got " +
                       describe(every->value));
      return;
    }
  }
  read_target("status_every", targets.status_every);
}

void read_weights(YamlMap& scoring, ScoringWeights& weights) {
  std::optional<YamlMap> m = scoring.read_map("weights", "'weights' of 'scoring'", kWeightKeys);
  if (!m) return;
  ScoringWeights read = weights;
  int* const fields[] = {&read.detection,  &read.triage,        &read.escalation,
                         &read.mitigation, &read.communication, &read.impact};
  bool ok = true;
  for (std::size_t i = 0; i < kWeightKeys.size(); ++i) {
    ok = (m->read_int(kWeightKeys[i], *fields[i], 0, 100) || !m->has(kWeightKeys[i])) && ok;
  }
  if (!ok) return;
  int sum = 0;
  std::string terms;
  for (std::size_t i = 0; i < kWeightKeys.size(); ++i) {
    sum += *fields[i];
    terms += (i == 0 ? "" : ", ") + kWeightKeys[i] + " " + std::to_string(*fields[i]);
  }
  if (sum != 100) {
    std::string message =
        "the 'weights' must sum to 100, got " + std::to_string(sum) + " (" + terms + ")";
    if (m->fields().size() < kWeightKeys.size()) message += "; a weight left out keeps its default";
    scoring.reader().error(m->where(), std::move(message));
    return;
  }
  weights = read;
}

}  // namespace

void read_scoring(YamlMap& top, Scenario& scenario, bool services_known) {
  if (std::optional<YamlMap> m = top.read_map("scoring", "'scoring'", kScoringKeys)) {
    YamlReader& reader = top.reader();
    ScoringSpec& scoring = scenario.scoring;
    scenario.scoring_given = true;
    scoring.where = m->where();
    m->read_int("minimum", scoring.minimum, 0, 100);
    read_slo(*m, scenario, services_known);
    read_targets(*m, scoring.targets);
    read_weights(*m, scoring.weights);
    if (std::optional<std::vector<NameAt>> acceptable =
            read_names(*m, "acceptable", "a mitigation like \"restart checkout\"")) {
      for (const NameAt& item : *acceptable) {
        std::optional<FixSpec> fix =
            read_fix(reader, item.name, item.where, "acceptable", scenario, services_known);
        if (fix) scoring.acceptable.push_back(std::move(*fix));
      }
    }
  }
  // The SLO defaults to the users' view: the first entry point.
  SloSpec& slo = scenario.scoring.slo;
  if (slo.service.empty() && !scenario.traffic.empty()) {
    const TrafficSpec& entry = scenario.traffic.front();
    slo.service = entry.entry;
    slo.service_index = entry.entry_index;
    if (slo.where.line == 0) slo.where = entry.where;  // no `slo:` map
  }
}

}  // namespace firedrill
