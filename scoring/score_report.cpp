#include "scoring/score_report.h"

#include <fmt/format.h>

namespace firedrill {
namespace {

nlohmann::json seconds_or_null(const std::optional<SimTime>& t) {
  if (!t) return nullptr;
  return to_seconds(*t);
}

}  // namespace

std::string score_card_text(const ScoreCard& card) {
  std::string out;
  out += fmt::format("score: {} (seed {})\n", card.scenario, card.seed);
  if (!card.has_incident) {
    out += "  nothing to score: " + card.unscored + "\n";
    return out;
  }
  std::string who;
  for (const std::string& r : card.responders) who += (who.empty() ? "" : ", ") + r;
  out += fmt::format("  responders: {}\n", who.empty() ? "nobody acted" : who);
  out += fmt::format("  total: {}/{}\n", card.total, card.max);
  for (const ScoreSection& s : card.sections) {
    out += fmt::format("\n  {:<15} {:>3}/{}\n", s.title, s.points, s.max);
    for (const ScoreItem& i : s.items) {
      out += fmt::format("    {:<26} {:>3}/{:<3} {}\n", i.title, i.points, i.max, i.reason);
    }
  }
  return out;
}

nlohmann::json score_card_json(const ScoreCard& card) {
  nlohmann::json j;
  j["scenario"] = card.scenario;
  j["seed"] = std::to_string(card.seed);
  j["scored"] = card.has_incident;
  if (!card.has_incident) j["unscored"] = card.unscored;
  j["end"] = to_seconds(card.end);
  j["total"] = card.total;
  j["max"] = card.max;
  j["responders"] = card.responders;
  nlohmann::json sections = nlohmann::json::array();
  for (const ScoreSection& s : card.sections) {
    nlohmann::json items = nlohmann::json::array();
    for (const ScoreItem& i : s.items) {
      items.push_back({{"id", i.id},
                       {"title", i.title},
                       {"points", i.points},
                       {"max", i.max},
                       {"reason", i.reason}});
    }
    sections.push_back(
        {{"id", s.id}, {"title", s.title}, {"points", s.points}, {"max", s.max}, {"items", items}});
  }
  j["sections"] = sections;
  const ResponseTimes& t = card.times;
  j["times"] = {{"onset", to_seconds(t.onset)},
                {"first_signal", seconds_or_null(t.first_signal)},
                {"detected", seconds_or_null(t.detected)},
                {"first_ack", seconds_or_null(t.first_ack)},
                {"declared", seconds_or_null(t.declared)},
                {"severity_set", seconds_or_null(t.severity_set)},
                {"commander", seconds_or_null(t.commander)},
                {"team_engaged", seconds_or_null(t.team_engaged)},
                {"first_mitigation", seconds_or_null(t.first_mitigation)},
                {"fixed", seconds_or_null(t.fixed)},
                {"mitigated", seconds_or_null(t.mitigated)},
                {"first_status", seconds_or_null(t.first_status)},
                {"resolved", seconds_or_null(t.resolved)}};
  const ImpactFigures& i = card.impact;
  j["impact"] = {{"service", i.service},
                 {"requests", i.requests},
                 {"bad", i.bad},
                 {"excess_bad", i.excess_bad},
                 {"budget_burned", i.budget_burned},
                 {"slo_breached", i.breached},
                 {"hurt_minutes", i.hurt_minutes},
                 {"first_hurt", seconds_or_null(i.first_hurt)},
                 {"impact_end", seconds_or_null(i.impact_end)}};
  if (i.has_baseline) {
    j["impact"]["baseline"] = {{"bad", i.baseline_bad},
                               {"excess_bad", i.baseline_excess_bad},
                               {"budget_burned", i.baseline_budget_burned},
                               {"slo_breached", i.baseline_breached}};
  }
  nlohmann::json pages = nlohmann::json::array();
  for (const PageRecord& p : card.pages) {
    pages.push_back({{"incident", p.incident},
                     {"team", p.team},
                     {"title", p.title},
                     {"paged", to_seconds(p.paged_at)},
                     {"acknowledged", seconds_or_null(p.acknowledged_at)},
                     {"acknowledged_by", p.acknowledged_by},
                     {"resolved", seconds_or_null(p.resolved_at)}});
  }
  j["pages"] = pages;
  return j;
}

}  // namespace firedrill
