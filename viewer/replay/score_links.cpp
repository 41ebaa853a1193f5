// item_moment: a switch over the card's item ids (scoring/score_card.cpp
// names them), reading the card's milestones, pages and impact.
#include "viewer/replay/score_links.h"

#include <exception>
#include <string_view>

#include "sim/model/event_kinds.h"
#include "viewer/replay/markers.h"

namespace firedrill::viewer {
namespace {

// The page the acknowledgement item is most about: the first one counted
// against the responders that was late or never answered, else the first
// page answered. Counted as the card counts them: not a page Alertmanager
// resolved before the deadline, nor one sent too late in the run to answer.
std::optional<SimTime> page_moment(const ScoreCard& card) {
  const SimTime target = card.rubric.acknowledge;
  std::optional<SimTime> first_ack;
  for (const PageRecord& p : card.pages) {
    const SimTime deadline = p.paged_at + target;
    if (!p.acknowledged_at && p.resolved_at && *p.resolved_at <= deadline) continue;
    if (!p.acknowledged_at && deadline > card.end) continue;
    if (!p.acknowledged_at) return p.paged_at;
    if (*p.acknowledged_at - p.paged_at > target) return p.acknowledged_at;
    if (!first_ack) first_ack = p.acknowledged_at;
  }
  return first_ack;
}

// The first needless escalation, as the card judges them: one to another
// team than the owning one, or any for a SEV-3 or SEV-4 (which page nobody).
std::optional<SimTime> needless_moment(const ScoreCard& card, const ResponseLog& log) {
  const bool pages_ok = card.rubric.severity == 0 || card.rubric.severity <= 2;
  for (const auto& [time, team] : log.escalations) {
    if (!pages_ok || team != log.owning_team) return time;
  }
  return std::nullopt;
}

// The first harmful mitigation the item's reason names. The card keeps no
// list of them, but each is written "TEXT at +OFFSET (SERVICE is not the root
// cause)" with OFFSET from the onset (scoring/score_card.cpp, harm()); a
// reason not in that form has no moment.
std::optional<SimTime> harmful_moment(const ScoreCard& card, const std::string& reason) {
  constexpr std::string_view kAt = " at +";
  const std::size_t at = reason.find(kAt);
  if (at == std::string::npos) return std::nullopt;
  const std::size_t from = at + kAt.size();
  const std::size_t to = reason.find(" (", from);
  if (to == std::string::npos) return std::nullopt;
  try {
    return card.times.onset + parse_duration(std::string_view(reason).substr(from, to - from));
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

ResponseLog read_response_log(const RunJournal& journal, std::string owning_team) {
  ResponseLog log;
  log.owning_team = std::move(owning_team);
  for (const RunEvent& e : journal.events) {
    if (e.kind != event_kind::kAction) continue;  // refused actions changed nothing
    const std::string& verb = attribute(e, "verb");
    if (verb == "rootcause") {
      log.root_cause_named = e.time;  // the last one counts
    } else if (verb == "escalate") {
      log.escalations.emplace_back(e.time, attribute(e, "team"));
    }
  }
  return log;
}

std::optional<SimTime> item_moment(const ScoreCard& card, const ScoreSection& section,
                                   const ScoreItem& item, const ResponseLog* log) {
  const ResponseTimes& t = card.times;
  const std::string& id = item.id;
  const bool lost_points = item.points < item.max;
  if (section.id == "impact") {
    return card.impact.impact_end ? card.impact.impact_end : card.impact.first_hurt;
  }
  if (id == "time_to_detect") return t.detected ? t.detected : t.first_signal;
  if (id == "page_acknowledgement") return page_moment(card);
  if (id == "severity") return t.severity_set;
  if (id == "root_cause") return log ? log->root_cause_named : std::nullopt;
  if (id == "owning_team") return t.team_engaged;
  if (id == "needless_pages") {
    if (!log || !lost_points) return std::nullopt;
    return needless_moment(card, *log);
  }
  if (id == "commander") return t.commander;
  if (id == "time_to_mitigate") return t.mitigated ? t.mitigated : t.first_mitigation;
  if (id == "harmful_actions") {
    return lost_points ? harmful_moment(card, item.reason) : std::nullopt;
  }
  if (id == "first_status" || id == "status_cadence") return t.first_status;
  if (id == "resolution") return t.resolved;
  return std::nullopt;
}

std::vector<Milestone> milestones(const ResponseTimes& t) {
  return {
      {"onset", t.onset},
      {"first signal", t.first_signal},
      {"detected", t.detected},
      {"first ack", t.first_ack},
      {"declared", t.declared},
      {"severity set", t.severity_set},
      {"commander", t.commander},
      {"team engaged", t.team_engaged},
      {"first mitigation", t.first_mitigation},
      {"fix took effect", t.fixed},
      {"mitigated", t.mitigated},
      {"first status", t.first_status},
      {"resolved", t.resolved},
  };
}

}  // namespace firedrill::viewer
