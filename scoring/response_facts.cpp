#include "scoring/response_facts.h"

#include <algorithm>
#include <map>
#include <set>

#include "sim/response/action.h"

namespace firedrill {
namespace {

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [key, value] : e.attributes) {
    if (key == name) return value;
  }
  return {};
}

void set_once(std::optional<SimTime>& slot, SimTime time) {
  if (!slot) slot = time;
}

void note_action(const RunEvent& e, SimTime onset, ResponseFacts& f) {
  const std::string actor = attribute(e, "actor");
  if (std::find(f.responders.begin(), f.responders.end(), actor) == f.responders.end()) {
    f.responders.push_back(actor);
  }
  const std::string verb = attribute(e, "verb");
  ResponseTimes& t = f.times;
  if (verb == "ack") {
    set_once(t.first_ack, e.time);
    if (e.time >= onset) set_once(t.detected, e.time);
  } else if (verb == "declare") {
    set_once(t.declared, e.time);
    if (e.time >= onset) set_once(t.detected, e.time);
    if (f.declared_title.empty()) f.declared_title = attribute(e, "title");
  } else if (verb == "severity") {
    const std::string sev = attribute(e, "severity");  // "SEV-2"
    if (sev.size() == 5 && sev[4] >= '1' && sev[4] <= '4') {
      f.severity = sev[4] - '0';
      t.severity_set = e.time;
    }
  } else if (verb == "role") {
    if (attribute(e, "role") == "commander") set_once(t.commander, e.time);
  } else if (verb == "escalate") {
    f.escalations.emplace_back(e.time, attribute(e, "team"));
  } else if (verb == "mitigate") {
    MitigationTaken m;
    m.time = e.time;
    m.actor = actor;
    m.service = e.service;
    try {
      const Action a = parse_action(attribute(e, "text"));
      if (a.args.size() >= 2) {
        m.mitigation = a.args.front();
        m.args.assign(a.args.begin() + 1, a.args.end() - 1);
      }
    } catch (const ActionSyntaxError&) {
      m.mitigation = attribute(e, "mitigation");
    }
    m.text = m.mitigation;
    for (const std::string& a : m.args) m.text += " " + a;
    m.text += " " + m.service;
    if (e.time >= onset) set_once(t.first_mitigation, e.time);
    f.mitigations.push_back(std::move(m));
  } else if (verb == "status") {
    f.status_updates.push_back(e.time);
    set_once(t.first_status, e.time);
  } else if (verb == "rootcause") {
    f.root_cause_service = e.service;
    f.root_cause_fault = attribute(e, "fault");
    f.root_cause_at = e.time;
  } else if (verb == "resolve") {
    set_once(t.resolved, e.time);
  }
}

}  // namespace

ResponseFacts gather_response(const RunView& run, SimTime onset) {
  ResponseFacts f;
  f.times.onset = onset;
  std::map<std::string, std::size_t> page_of;  // pager incident id -> index in f.pages
  std::map<std::string, std::string> title_of;
  std::set<std::string> escalated;  // pager incidents opened by `escalate`
  std::optional<SimTime> first_alert;
  struct ScaleRecord {
    SimTime time;
    std::string service;
    bool down;
  };
  std::vector<ScaleRecord> scales;
  for (const RunEvent& e : run.journal->events) {
    if (e.kind == "action") {
      note_action(e, onset, f);
    } else if (e.kind == "incident_triggered") {
      title_of[attribute(e, "incident")] = attribute(e, "title");
      // A team a responder escalated to: their page is in `escalations`,
      // and answering it is that team's business.
      if (attribute(e, "dedup_key").rfind("escalation/", 0) == 0) {
        escalated.insert(attribute(e, "incident"));
      }
    } else if (e.kind == "page" && e.time >= onset) {
      const std::string id = attribute(e, "incident");
      if (page_of.count(id) != 0 || escalated.count(id) != 0) continue;
      PageRecord p;
      p.incident = id;
      p.team = attribute(e, "team");
      p.title = title_of[id];
      p.paged_at = e.time;
      page_of[id] = f.pages.size();
      f.pages.push_back(std::move(p));
    } else if (e.kind == "incident_acknowledged") {
      const auto it = page_of.find(attribute(e, "incident"));
      if (it != page_of.end() && !f.pages[it->second].acknowledged_at) {
        f.pages[it->second].acknowledged_at = e.time;
        f.pages[it->second].acknowledged_by = attribute(e, "person");
      }
    } else if (e.kind == "incident_resolved") {
      const auto it = page_of.find(attribute(e, "incident"));
      if (it != page_of.end() && !f.pages[it->second].resolved_at) {
        f.pages[it->second].resolved_at = e.time;
      }
    } else if (e.kind == "alert_firing" && e.time >= onset) {
      set_once(first_alert, e.time);
    } else if (e.kind == "incident_fixed") {
      set_once(f.times.fixed, e.time);
    } else if (e.kind == "mitigation" && attribute(e, "action") == "scale") {
      // The model's record of a scale says how many replicas there were
      // (it is written just before the action that started it).
      scales.push_back(
          {e.time, e.service,
           std::stod("0" + attribute(e, "replicas")) < std::stod("0" + attribute(e, "previous"))});
    }
  }
  for (MitigationTaken& m : f.mitigations) {
    for (const ScaleRecord& s : scales) {
      if (m.mitigation == "scale" && s.time == m.time && s.service == m.service) {
        m.scale_down = s.down;
      }
    }
  }
  if (!f.pages.empty()) {
    f.times.first_signal = f.pages.front().paged_at;
  } else {
    f.times.first_signal = first_alert;
  }
  return f;
}

}  // namespace firedrill
