#include "scoring/score_card.h"

#include <fmt/format.h>
#include <algorithm>
#include <cmath>

#include "scoring/response_facts.h"

namespace firedrill {
namespace {

// "+21m30s" from the onset.
std::string after(SimTime t) {
  return format_duration(std::max<SimTime>(t, 0));
}
std::string sev(int s) {
  return "SEV-" + std::to_string(s);
}
// "30d" for whole days, else as a duration.
std::string window_words(SimTime w) {
  return w % kDay == 0 ? std::to_string(w / kDay) + "d" : format_duration(w);
}

// Full marks within the target, half at twice it, none from three times it.
double timely(SimTime took, SimTime target) {
  if (target <= 0 || took <= target) return 1;
  return std::clamp(1 - static_cast<double>(took - target) / (2.0 * static_cast<double>(target)),
                    0.0, 1.0);
}

// Splits `weight` points between items in proportion to `shares`, as whole
// points that add up to `weight` (largest remainders first).
std::vector<int> split(int weight, const std::vector<double>& shares) {
  double sum = 0;
  for (double s : shares) sum += s;
  std::vector<int> out(shares.size(), 0);
  std::vector<std::pair<double, std::size_t>> rest;
  int given = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const double exact = weight * shares[i] / sum;
    out[i] = static_cast<int>(std::floor(exact));
    given += out[i];
    rest.emplace_back(-(exact - out[i]), i);
  }
  std::stable_sort(rest.begin(), rest.end());
  for (std::size_t k = 0; given < weight; ++k, ++given) ++out[rest[k % rest.size()].second];
  return out;
}

struct Grader {
  const RunView& run;
  const IncidentSpec& truth;
  const Rubric& rubric;
  const ResponseFacts& facts;
  const UserImpact& impact;
  const UserImpact* baseline;
  SimTime onset;

  // "SEV-2", or for a scenario without a severity the row used.
  std::string level_name() const {
    return rubric.severity != 0 ? sev(rubric.severity)
                                : sev(rubric.level.severity) + " (the scenario gives no severity)";
  }

  // Where the clock for responding starts: the first signal (page or
  // alert), or the onset when nothing signalled.
  SimTime signal() const { return facts.times.first_signal.value_or(onset); }
  std::string signal_words() const {
    if (!facts.times.first_signal) return "nothing signalled the incident";
    return std::string(facts.pages.empty() ? "first alert" : "first page") + " at +" +
           after(*facts.times.first_signal - onset);
  }

  ScoreItem item(const char* id, const char* title, int max, double fraction,
                 std::string reason) const {
    // Rounded down: any shortfall shows in the points.
    const double f = std::clamp(fraction, 0.0, 1.0);
    return ScoreItem{id, title, static_cast<int>(std::floor(max * f + 1e-9)), max,
                     std::move(reason)};
  }

  ScoreSection detection(int weight) const {
    const std::vector<int> pts = split(weight, {0.6, 0.4});
    ScoreSection s{"detection", "Detection", 0, weight, {}};
    const SimTime target = (signal() - onset) + rubric.respond;
    if (const auto& d = facts.times.detected) {
      s.items.push_back(item(
          "time_to_detect", "Time to detect", pts[0], timely(*d - onset, target),
          fmt::format("picked up +{} after the onset (target +{}: {}, then {})", after(*d - onset),
                      after(target), signal_words(), format_duration(rubric.respond))));
    } else {
      s.items.push_back(item("time_to_detect", "Time to detect", pts[0], 0,
                             "never picked up: no page acknowledged, no incident declared"));
    }
    // Each page: acknowledged within the target. A page Alertmanager
    // resolved before the target passed asked nothing of anyone.
    double sum = 0;
    int counted = 0, on_time = 0;
    std::string late;
    for (const PageRecord& p : facts.pages) {
      // Not counted: a page Alertmanager resolved before anyone had to
      // answer it, or one sent too late in the run to be answered in time.
      const SimTime deadline = p.paged_at + rubric.acknowledge;
      if (!p.acknowledged_at && p.resolved_at && *p.resolved_at <= deadline) continue;
      if (!p.acknowledged_at && deadline > run.end) continue;
      ++counted;
      if (p.acknowledged_at) {
        const double f = timely(*p.acknowledged_at - p.paged_at, rubric.acknowledge);
        sum += f;
        if (f >= 1) {
          ++on_time;
        } else if (late.empty()) {
          late = fmt::format("; #{} ({}) after {}", p.incident, p.team,
                             format_duration(*p.acknowledged_at - p.paged_at));
        }
      } else if (late.empty()) {
        late = fmt::format("; #{} ({}) never", p.incident, p.team);
      }
    }
    if (counted == 0) {
      s.items.push_back(item("page_acknowledgement", "Pages acknowledged", pts[1], 1,
                             "no page needed acknowledging"));
    } else {
      s.items.push_back(
          item("page_acknowledgement", "Pages acknowledged", pts[1], sum / counted,
               fmt::format("{} of {} page{} acknowledged within {}{}", on_time, counted,
                           counted == 1 ? "" : "s", format_duration(rubric.acknowledge), late)));
    }
    return s;
  }

  ScoreSection triage(int weight) const {
    const std::vector<int> pts = split(weight, {0.5, 0.5});
    ScoreSection s{"triage", "Triage", 0, weight, {}};
    if (truth.severity == 0) {
      s.items.push_back(item("severity", "Severity", pts[0], 1, "the scenario gives no severity"));
    } else if (!facts.severity) {
      s.items.push_back(item("severity", "Severity", pts[0], 0,
                             "no severity was set (it was a " + sev(truth.severity) + ")"));
    } else {
      const int off = std::abs(*facts.severity - truth.severity);
      double f = off == 0 ? 1 : off == 1 ? 0.5 : 0;
      const SimTime set = *facts.times.severity_set;
      const bool late = set > signal() + rubric.respond;
      if (late) f *= 0.75;
      const char* match = off == 0 ? "right" : off == 1 ? "one level off" : "wrong";
      s.items.push_back(item(
          "severity", "Severity", pts[0], f,
          fmt::format(
              "{} set at +{}: {} (it was a {}){}", sev(*facts.severity), after(set - onset), match,
              sev(truth.severity),
              late ? fmt::format(", late (after {} from the {})", format_duration(rubric.respond),
                                 facts.times.first_signal ? "first signal" : "onset")
                   : "")));
    }
    if (truth.root_cause_service.empty()) {
      s.items.push_back(
          item("root_cause", "Root cause", pts[1], 1, "the scenario names no root cause"));
    } else if (!facts.root_cause_at) {
      s.items.push_back(item("root_cause", "Root cause", pts[1], 0,
                             "no root cause named (it was " + truth.root_cause_fault + " in " +
                                 truth.root_cause_service + ")"));
    } else {
      const bool service = facts.root_cause_service == truth.root_cause_service;
      const bool fault = facts.root_cause_fault == truth.root_cause_fault;
      const double f = service && fault ? 1 : service ? 0.5 : 0;
      s.items.push_back(
          item("root_cause", "Root cause", pts[1], f,
               fmt::format("named {} {} at +{}: {}", facts.root_cause_service,
                           facts.root_cause_fault, after(*facts.root_cause_at - onset),
                           service && fault ? "right"
                           : service        ? "right service, but it was " + truth.root_cause_fault
                                            : "wrong: it was " + truth.root_cause_fault + " in " +
                                           truth.root_cause_service)));
    }
    return s;
  }

  std::optional<SimTime> team_engaged() const {
    std::optional<SimTime> t;
    for (const PageRecord& p : facts.pages) {
      if (p.team == truth.team && p.acknowledged_at && (!t || *p.acknowledged_at < *t)) {
        t = p.acknowledged_at;
      }
    }
    for (const auto& [time, team] : facts.escalations) {
      if (team == truth.team && time >= onset && (!t || time < *t)) t = time;
    }
    return t;
  }

  ScoreSection escalation(int weight) const {
    const std::vector<int> pts = split(weight, {0.5, 0.25, 0.25});
    ScoreSection s{"escalation", "Escalation", 0, weight, {}};
    // A SEV-3 or SEV-4 pages nobody, not even the owning team (a ticket
    // will do); without a severity, paging the owning team is fine.
    const bool pages_ok = rubric.severity == 0 || rubric.severity <= 2;
    if (truth.team.empty()) {
      s.items.push_back(item("owning_team", "Owning team engaged", pts[0], 1,
                             "the scenario names no owning team"));
    } else if (const std::optional<SimTime> t = team_engaged()) {
      s.items.push_back(
          item("owning_team", "Owning team engaged", pts[0], timely(*t - signal(), rubric.respond),
               fmt::format("{} engaged at +{}, {} after the {} (expected within {})", truth.team,
                           after(*t - onset), format_duration(std::max<SimTime>(*t - signal(), 0)),
                           facts.times.first_signal ? "first signal" : "onset",
                           format_duration(rubric.respond))));
    } else if (run.end - signal() < rubric.respond) {
      s.items.push_back(
          item("owning_team", "Owning team engaged", pts[0], 1,
               fmt::format("{} not engaged, and not yet needed: {} allows {}", truth.team,
                           level_name(), format_duration(rubric.respond))));
    } else {
      s.items.push_back(item("owning_team", "Owning team engaged", pts[0], 0,
                             fmt::format("{} (the owning team) was never engaged", truth.team)));
    }

    std::vector<std::string> needless;
    for (const auto& [time, team] : facts.escalations) {
      if (team != truth.team || !pages_ok) needless.push_back(team);
    }
    if (!facts.times.detected) {
      s.items.push_back(item("needless_pages", "No needless pages", pts[1], 0,
                             "the incident was never picked up"));
    } else if (needless.empty()) {
      s.items.push_back(item("needless_pages", "No needless pages", pts[1], 1,
                             facts.escalations.empty() ? "nobody was paged needlessly"
                                                       : "only the owning team was paged"));
    } else {
      std::string teams;
      for (const std::string& t : needless) teams += (teams.empty() ? "" : ", ") + t;
      s.items.push_back(item("needless_pages", "No needless pages", pts[1],
                             1 - 0.5 * static_cast<double>(needless.size()),
                             fmt::format("paged {} needlessly ({}){}", teams,
                                         pages_ok ? "not the owning team " + truth.team
                                                  : "a " + level_name() + " pages nobody",
                                         "")));
    }

    if (!rubric.commander) {
      s.items.push_back(item("commander", "Incident commander", pts[2], 1,
                             fmt::format("not required for a {}", level_name())));
    } else if (const auto& c = facts.times.commander) {
      const SimTime from = facts.times.declared.value_or(signal());
      const bool late = *c - from > rubric.respond;
      s.items.push_back(
          item("commander", "Incident commander", pts[2], late ? 0.5 : 1,
               fmt::format("assigned at +{}{}", after(*c - onset), late ? " (late)" : "")));
    } else {
      s.items.push_back(item("commander", "Incident commander", pts[2], 0,
                             fmt::format("no commander assigned (a {} needs one)", level_name())));
    }
    return s;
  }

  bool matches(const FixSpec& fix, const MitigationTaken& m) const {
    return fix.service == m.service && fix.mitigation == m.mitigation &&
           (fix.args.empty() || fix.args == m.args);
  }

  // Why a mitigation did harm ("" if it did not): it disrupted a service
  // other than the root cause's, and the scenario does not list it as a fix
  // or as acceptable.
  std::string harm(const MitigationTaken& m) const {
    const bool disruptive =
        m.mitigation == "restart" || m.mitigation == "rollback" || m.mitigation == "failover" ||
        m.mitigation == "drain" ||
        (m.mitigation == "rate-limit" && m.args != std::vector<std::string>{"off"}) ||
        (m.mitigation == "flag" && !m.args.empty() && m.args.back() == "off") ||
        (m.mitigation == "scale" && m.scale_down);
    if (!disruptive) return {};
    if (!truth.root_cause_service.empty() && m.service == truth.root_cause_service) return {};
    for (const FixSpec& f : truth.fixes) {
      if (matches(f, m)) return {};
    }
    for (const FixSpec& f : rubric.acceptable) {
      if (matches(f, m)) return {};
    }
    return fmt::format("{} at +{} ({} is not the root cause)", m.text, after(m.time - onset),
                       m.service);
  }

  ScoreSection mitigation(int weight, std::optional<SimTime>& mitigated) const {
    const std::vector<int> pts = split(weight, {0.6, 0.4});
    ScoreSection s{"mitigation", "Mitigation", 0, weight, {}};
    const auto& first = facts.times.first_mitigation;
    const auto& end = impact.impact_end;
    // Users are no longer hurt once the last hurt minute is over and a
    // responder has mitigated: an incident that hurts in bursts (a leak
    // OOM-killing every few minutes) is mitigated by what stops the next.
    // A mitigation started after users had recovered (and after any lull
    // the incident showed) did not end the impact.
    if (end && first && *first <= *end + static_cast<SimTime>(impact.longest_lull) * kMinute) {
      mitigated = std::max(*end, *first);
    }
    if (mitigated) {
      std::string how = "after " + facts.mitigations.front().text + " at +" +
                        after(facts.mitigations.front().time - onset);
      for (const MitigationTaken& m : facts.mitigations) {
        if (m.time <= *end) how = "after " + m.text + " at +" + after(m.time - onset);
      }
      s.items.push_back(item(
          "time_to_mitigate", "Time to mitigate", pts[0],
          rubric.mitigate > 0 ? timely(*mitigated - onset, rubric.mitigate) : 1,
          fmt::format("users no longer hurt from +{}, {} (target {})", after(*mitigated - onset),
                      how, rubric.mitigate > 0 ? format_duration(rubric.mitigate) : "none")));
    } else if (rubric.mitigate == 0) {
      s.items.push_back(item("time_to_mitigate", "Time to mitigate", pts[0], 1,
                             fmt::format("no mitigation expected for a {}", level_name())));
    } else if (end) {
      s.items.push_back(item(
          "time_to_mitigate", "Time to mitigate", pts[0], 0,
          fmt::format("users stopped being hurt at +{}, but not after a responder's mitigation",
                      after(*end - onset))));
    } else {
      s.items.push_back(item("time_to_mitigate", "Time to mitigate", pts[0], 0,
                             fmt::format("users were still hurt at the end of the run (+{})",
                                         after(run.end - onset))));
    }
    std::vector<std::string> harmful;
    for (const MitigationTaken& m : facts.mitigations) {
      if (std::string why = harm(m); !why.empty()) harmful.push_back(std::move(why));
    }
    if (facts.mitigations.empty()) {
      s.items.push_back(item("harmful_actions", "No harmful actions", pts[1],
                             rubric.mitigate == 0 ? 1 : 0, "no mitigation was attempted"));
    } else if (harmful.empty()) {
      s.items.push_back(item("harmful_actions", "No harmful actions", pts[1], 1,
                             "every mitigation was aimed at the root cause or harmless"));
    } else {
      std::string list;
      for (const std::string& h : harmful) list += (list.empty() ? "" : "; ") + h;
      s.items.push_back(item("harmful_actions", "No harmful actions", pts[1],
                             1 - 0.5 * static_cast<double>(harmful.size()), list));
    }
    return s;
  }

  ScoreSection communication(int weight, std::optional<SimTime> mitigated) const {
    const std::vector<int> pts = split(weight, {0.4, 0.4, 0.2});
    ScoreSection s{"communication", "Communication", 0, weight, {}};
    const auto& first = facts.times.first_status;
    const SimTime from = facts.times.detected.value_or(signal());
    if (rubric.first_status == 0) {
      s.items.push_back(item("first_status", "First status update", pts[0], 1,
                             fmt::format("no update expected for a {}", level_name())));
    } else if (first) {
      s.items.push_back(item("first_status", "First status update", pts[0],
                             timely(*first - from, rubric.first_status),
                             fmt::format("first update {} after the incident was picked up "
                                         "(target {})",
                                         format_duration(std::max<SimTime>(*first - from, 0)),
                                         format_duration(rubric.first_status))));
    } else {
      s.items.push_back(
          item("first_status", "First status update", pts[0], 0, "no status update was posted"));
    }

    if (rubric.status_every == 0) {
      s.items.push_back(item("status_cadence", "Status cadence", pts[1], 1,
                             fmt::format("no cadence for a {}", level_name())));
    } else if (facts.status_updates.empty()) {
      s.items.push_back(item(
          "status_cadence", "Status cadence", pts[1], 0,
          fmt::format("no updates (one every {} expected)", format_duration(rubric.status_every))));
    } else {
      const SimTime until = facts.times.resolved.value_or(run.end);
      int missed = 0;
      SimTime previous = facts.status_updates.front();
      auto gap = [&](SimTime next) {
        const SimTime g = next - previous;
        if (g > 0) missed += static_cast<int>((g - 1) / rubric.status_every);
        previous = next;
      };
      for (SimTime t : facts.status_updates) gap(t);
      gap(until);
      s.items.push_back(item(
          "status_cadence", "Status cadence", pts[1], 1 - 0.25 * missed,
          missed == 0
              ? fmt::format("{} update{}, never more than {} apart", facts.status_updates.size(),
                            facts.status_updates.size() == 1 ? "" : "s",
                            format_duration(rubric.status_every))
              : fmt::format("{} update{} missed (one every {} expected)", missed,
                            missed == 1 ? "" : "s", format_duration(rubric.status_every))));
    }

    const auto& resolved = facts.times.resolved;
    // When users stopped being hurt: as the mitigation item says, else the
    // impact's own end.
    const std::optional<SimTime> end = mitigated ? mitigated : impact.impact_end;
    if (!facts.times.declared) {
      s.items.push_back(
          item("resolution", "Resolved when over", pts[2], 0, "no incident was declared"));
    } else if (!resolved) {
      s.items.push_back(item("resolution", "Resolved when over", pts[2], end ? 0.5 : 1,
                             end ? "still open at the end, though users were no longer hurt"
                                 : "kept open while users were still hurt"));
    } else if (end && *resolved >= *end) {
      s.items.push_back(
          item("resolution", "Resolved when over", pts[2], 1,
               fmt::format("resolved at +{}, {} after users stopped being hurt",
                           after(*resolved - onset), format_duration(*resolved - *end))));
    } else {
      s.items.push_back(item(
          "resolution", "Resolved when over", pts[2], 0,
          fmt::format("resolved at +{} while users were still hurt", after(*resolved - onset))));
    }
    return s;
  }

  ScoreSection user_impact(int weight) const {
    ScoreSection s{"impact", "Impact", 0, weight, {}};
    if (!baseline) {
      s.items.push_back(item("failed_requests_avoided", "Failed requests avoided", weight, 0,
                             "not compared with doing nothing"));
      return s;
    }
    // Below this, doing nothing hurt nobody beyond chance.
    const double noise = 10 + 0.01 * baseline->bad;
    const double base = baseline->excess_bad > noise ? baseline->excess_bad : 0;
    if (base == 0) {
      // Nothing to save: the response can only have cost requests.
      const bool cost = impact.excess_bad > noise;
      s.items.push_back(
          item("failed_requests_avoided", "Failed requests avoided", weight, cost ? 0 : 1,
               cost ? fmt::format("doing nothing hurt no users, but the response cost {:.0f} bad "
                                  "requests at {} beyond normal",
                                  impact.excess_bad, impact.service)
                    : "doing nothing hurt no users either, and neither did the response"));
      return s;
    }
    const double f = 1 - impact.excess_bad / base;
    s.items.push_back(
        item("failed_requests_avoided", "Failed requests avoided", weight, f,
             fmt::format("{:.0f} bad requests at {} beyond normal, against {:.0f} doing nothing: "
                         "{:.0f}% avoided; {:.1f}% of the {} error budget burned ({:.1f}% doing "
                         "nothing)",
                         impact.excess_bad, impact.service, base,
                         std::floor(100 * std::clamp(f, 0.0, 1.0)), 100 * impact.budget_burned,
                         window_words(rubric.slo.window), 100 * baseline->budget_burned)));
    return s;
  }
};

}  // namespace

namespace {

// Whether the run knows when its incident started: a given start, or a
// fault the run reached.
bool onset_found(const RunView& run) {
  const IncidentSpec& truth = *run.scenario->incident;
  if (truth.start_given) return true;
  for (const RunEvent& e : run.journal->events) {
    if (e.kind == "fault" &&
        (truth.root_cause_service.empty() || e.service == truth.root_cause_service)) {
      return true;
    }
  }
  return false;
}

}  // namespace

SimTime incident_onset(const RunView& run) {
  const Scenario& scenario = *run.scenario;
  if (!scenario.incident) return 0;
  const IncidentSpec& truth = *scenario.incident;
  if (truth.start_given) return truth.start;
  for (const RunEvent& e : run.journal->events) {
    if (e.kind == "fault" &&
        (truth.root_cause_service.empty() || e.service == truth.root_cause_service)) {
      return e.time;
    }
  }
  return 0;
}

ScoreCard score_run(const RunView& run, const UserImpact* baseline) {
  ScoreCard card;
  const Scenario& scenario = *run.scenario;
  card.scenario = scenario.name;
  card.title = scenario.title;
  card.seed = run.info.seed;
  card.end = run.end;
  card.start_of_day = run.info.start_of_day;
  card.rubric = rubric_for(scenario);
  const SimTime onset = incident_onset(run);
  const ResponseFacts facts = gather_response(run, onset);
  card.responders = facts.responders;
  card.times = facts.times;
  card.pages = facts.pages;
  const UserImpact impact = measure_user_impact(run, card.rubric.slo, onset);

  ImpactFigures& fig = card.impact;
  fig.service = impact.service;
  fig.requests = impact.requests;
  fig.bad = impact.bad;
  fig.excess_bad = impact.excess_bad;
  fig.budget_burned = impact.budget_burned;
  fig.breached = impact.breached;
  fig.hurt_minutes = impact.hurt_minutes;
  fig.first_hurt = impact.first_hurt;
  fig.impact_end = impact.impact_end;
  if (baseline) {
    fig.has_baseline = true;
    fig.baseline_bad = baseline->bad;
    fig.baseline_excess_bad = baseline->excess_bad;
    fig.baseline_budget_burned = baseline->budget_burned;
    fig.baseline_breached = baseline->breached;
  }

  if (!scenario.incident) {
    card.unscored = "the scenario has no `incident:` (ground truth)";
    return card;
  }
  if (!onset_found(run)) {
    card.unscored = "the incident's fault never started in this run (it reached " +
                    format_duration(run.end) + ")";
    return card;
  }
  if (run.end <= onset) {
    card.unscored = "the run ended at " + format_duration(run.end) +
                    ", before the incident started (" + format_duration(onset) + ")";
    return card;
  }
  card.has_incident = true;
  const Grader g{run, *scenario.incident, card.rubric, facts, impact, baseline, onset};
  const ScoringWeights& w = card.rubric.weights;
  std::optional<SimTime> mitigated;
  card.sections.push_back(g.detection(w.detection));
  card.sections.push_back(g.triage(w.triage));
  card.sections.push_back(g.escalation(w.escalation));
  card.sections.push_back(g.mitigation(w.mitigation, mitigated));
  card.sections.push_back(g.communication(w.communication, mitigated));
  card.sections.push_back(g.user_impact(w.impact));
  card.times.mitigated = mitigated;
  card.times.team_engaged = g.team_engaged();
  for (ScoreSection& s : card.sections) {
    s.points = 0;
    for (const ScoreItem& i : s.items) s.points += i.points;
    card.total += s.points;
    card.max += s.max;
  }
  return card;
}

}  // namespace firedrill
