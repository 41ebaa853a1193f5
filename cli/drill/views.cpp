// Feed lines and the trainee's views, as text.
#include "cli/drill/views.h"

#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "cli/drill/commands.h"
#include "cli/drill/dashboard.h"
#include "sim/alerting/alert_monitor.h"
#include "sim/paging/pager.h"
#include "sim/promql/value.h"
#include "sim/response/action.h"

namespace firedrill::cli::drill {
namespace {

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// `{alertname="X", a="b"}` -> `{a="b"}`: the name is shown beside it.
std::string labels_without_name(std::string labels, const std::string& alertname) {
  const std::string name = "alertname=\"" + alertname + "\"";
  const std::size_t at = labels.find(name);
  if (at == std::string::npos) return labels;
  if (labels.compare(at + name.size(), 2, ", ") == 0) {
    labels.erase(at, name.size() + 2);
  } else if (at >= 2 && labels.compare(at - 2, 2, ", ") == 0) {
    labels.erase(at - 2, name.size() + 2);
  } else {
    labels.erase(at, name.size());
  }
  return labels == "{}" ? "" : labels;
}

std::string incident_title(const Simulation* sim, const std::string& id) {
  if (sim == nullptr || sim->pager() == nullptr) return "";
  const Incident* incident = sim->pager()->find(std::atoi(id.c_str()));
  return incident != nullptr ? incident->title : "";
}

// The description of the change a deploy or rollback event made.
std::string change_description(const Simulation* sim, const RunEvent& e) {
  if (sim == nullptr) return "";
  const auto& changes = sim->journal().changes;
  for (auto it = changes.rbegin(); it != changes.rend(); ++it) {
    if (it->time < e.time) break;
    if (it->time == e.time && it->service == e.service && it->kind == e.kind) {
      return it->description;
    }
  }
  return "";
}

// A mitigation's words: "rollback checkout (from v2.14.0, to v2.13.2)".
std::string mitigation_text(const RunEvent& e) {
  std::string text = attribute(e, "action") + " " + e.service;
  std::string details;
  for (const auto& [k, v] : e.attributes) {
    if (k == "action" || k == "takes") continue;
    details += (details.empty() ? "" : ", ") + k + " " + (v.empty() ? "none" : v);
  }
  return details.empty() ? text : text + " (" + details + ")";
}

std::optional<Line> feed_text(const RunEvent& e, const FeedContext& ctx) {
  const auto a = [&](std::string_view name) { return attribute(e, name); };
  const std::string& k = e.kind;
  if (k == "page") {
    return Line{Tone::kPage,
                fmt::format("PAGE #{} {}: {} paged (level {}): {}", a("incident"), a("team"),
                            a("person"), a("level"), incident_title(ctx.sim, a("incident")))};
  }
  if (k == "incident_triggered") {
    if (a("paged") != "nobody") return std::nullopt;  // its page lines follow
    return Line{Tone::kBad, fmt::format("incident #{} for {} paged nobody: {}", a("incident"),
                                        a("team"), a("reason"))};
  }
  if (k == "escalated") {
    return Line{Tone::kPage, fmt::format("ESCALATED #{} {} to level {}: {}", a("incident"),
                                         a("team"), a("to_level"), a("reason"))};
  }
  if (k == "incident_acknowledged") {
    return Line{Tone::kGood,
                fmt::format("ACKED #{} {} by {}", a("incident"), a("team"), a("person"))};
  }
  if (k == "incident_retriggered") {
    return Line{Tone::kPage,
                fmt::format("RETRIGGERED #{} {}: {}", a("incident"), a("team"), a("reason"))};
  }
  if (k == "incident_resolved") {
    return Line{Tone::kGood,
                fmt::format("RESOLVED #{} {} by {}", a("incident"), a("team"), a("by"))};
  }
  if (k == "alert_firing" || k == "alert_resolved") {
    const bool firing = k == "alert_firing";
    std::string text = fmt::format("{} {} {}", firing ? "FIRING" : "resolved", a("alertname"),
                                   labels_without_name(a("labels"), a("alertname")));
    if (const std::string summary = a("annotation.summary"); firing && !summary.empty()) {
      text += ": " + summary;
    }
    return Line{firing ? Tone::kBad : Tone::kGood, text};
  }
  if (k == "rule_failed") {
    return Line{Tone::kDim, fmt::format("rule {} failed: {}", a("rule"), a("message"))};
  }
  if (k == "notification") {
    if (!a("team").empty()) return std::nullopt;  // shown as pages
    return Line{Tone::kDim, fmt::format("notified {}: {}", a("receiver"), a("title"))};
  }
  if (k == "alert_muted") {
    return Line{Tone::kDim, fmt::format("muted {}: {}", a("alertname"), a("by"))};
  }
  if (k == "inject") return Line{Tone::kInject, ">>> " + a("message")};
  if (k == "deploy") {
    const std::string what = change_description(ctx.sim, e);
    return Line{Tone::kPlain, fmt::format("deploy {} {}{}", e.service, a("version"),
                                          what.empty() ? "" : ": " + what)};
  }
  if (k == "rollback") {
    return Line{Tone::kPlain, fmt::format("rollback {} {} -> {}", e.service,
                                          a("from").empty() ? "(none)" : a("from"),
                                          a("to").empty() ? "(none)" : a("to"))};
  }
  if (k == "oom_killed") {
    return Line{Tone::kBad, fmt::format("OOMKilled {}: memory {} reached its limit {}", e.instance,
                                        format_memory(std::atof(a("memory_bytes").c_str())),
                                        format_memory(std::atof(a("limit_bytes").c_str())))};
  }
  if (k == "restart") {
    if (a("reason") == "oom_killed") return std::nullopt;  // the OOM line says it
    std::string text = fmt::format("{} restarting ({})", e.instance, a("reason"));
    if (a("result") == "still_down") text += ", still down";
    return Line{a("reason") == "crashed" ? Tone::kBad : Tone::kPlain, text};
  }
  if (k == "replica_ready") return Line{Tone::kDim, e.instance + " ready"};
  if (k == "mitigation") {
    if (a("takes") == "0s") return std::nullopt;  // done at once: the done line says it
    return Line{Tone::kPlain, fmt::format("mitigation started: {}, takes about {}",
                                          mitigation_text(e), a("takes"))};
  }
  if (k == "mitigation_done") {
    return Line{Tone::kGood, "mitigation done: " + mitigation_text(e)};
  }
  // alert_pending, alert_cleared (see `alerts`), action and action_refused
  // (the console prints their outcome), and everything trainees cannot see.
  return std::nullopt;
}

std::string_view level_name(LogLevel level) {
  return log_level_name(level);
}

}  // namespace

std::string clock_text(SimTime t, SimTime start_of_day) {
  SimTime s = (t + start_of_day) / kSecond;
  s %= 24 * 3600;
  if (s < 0) s += 24 * 3600;
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string short_duration(SimTime d) {
  if (d < 0) d = 0;
  const SimTime unit = d >= kHour ? kMinute : kSecond;
  return format_duration((d + unit / 2) / unit * unit);
}

std::optional<Line> feed_line(const RunEvent& event, const FeedContext& context) {
  std::optional<Line> line = feed_text(event, context);
  if (line) line->text = clock_text(event.time, context.start_of_day) + "  " + line->text;
  return line;
}

Lines alerts_view(const Simulation& sim, SimTime start_of_day) {
  Lines out;
  if (sim.alerts() == nullptr) return {{Tone::kDim, "this scenario has no alert rules"}};
  const std::vector<Alert> alerts = sim.alerts()->active_alerts();
  std::vector<const Alert*> firing, pending;
  for (const Alert& alert : alerts) {
    (alert.state == AlertState::kFiring ? firing : pending).push_back(&alert);
  }
  out.push_back({Tone::kHeading,
                 fmt::format("alerts at {}: {} firing, {} pending",
                             clock_text(sim.now(), start_of_day), firing.size(), pending.size())});
  for (const auto* group : {&firing, &pending}) {
    for (const Alert* alert : *group) {
      const bool is_firing = alert->state == AlertState::kFiring;
      promql::LabelSet labels;
      std::string name;
      for (const auto& [k, v] : alert->labels) {
        if (k == "alertname") {
          name = v;
        } else {
          labels.emplace_back(k, v);
        }
      }
      const SimTime since = is_firing ? alert->fired_at : alert->active_at;
      out.push_back(
          {is_firing ? Tone::kBad : Tone::kPlain,
           fmt::format("  {:<8} {} {} since {} ({})", is_firing ? "FIRING" : "pending", name,
                       promql::format_labels(labels), clock_text(since, start_of_day),
                       short_duration(sim.now() - since))});
      for (const auto& [k, v] : alert->annotations) {
        if (k == "summary" || k == "description") {
          out.push_back({Tone::kDim, "           " + v});
        }
      }
    }
  }
  return out;
}

Lines pages_view(const Simulation& sim, SimTime start_of_day) {
  const Pager* pager = sim.pager();
  if (pager == nullptr) return {{Tone::kDim, "this scenario pages nobody (it has no teams)"}};
  if (pager->incidents().empty()) {
    return {{Tone::kDim, "no pages yet (" + clock_text(sim.now(), start_of_day) + ")"}};
  }
  Lines out;
  out.push_back(
      {Tone::kHeading, fmt::format("pager incidents at {}", clock_text(sim.now(), start_of_day))});
  for (const Incident& incident : pager->incidents()) {
    // Everyone paged for it so far, in order.
    std::vector<std::string> paged;
    const std::string id = std::to_string(incident.id);
    for (const RunEvent& e : sim.journal().events) {
      if (e.kind != "page" || attribute(e, "incident") != id) continue;
      const std::string person = attribute(e, "person");
      if (std::find(paged.begin(), paged.end(), person) == paged.end()) paged.push_back(person);
    }
    std::string state(incident_state_name(incident.state));
    for (char& c : state) c = static_cast<char>(c - 'a' + 'A');
    const Tone tone = incident.state == IncidentState::kResolved    ? Tone::kGood
                      : incident.state == IncidentState::kTriggered ? Tone::kPage
                                                                    : Tone::kPlain;
    out.push_back(
        {tone, fmt::format("  #{} {}  {}  {}", incident.id, incident.team, state, incident.title)});
    std::string detail = fmt::format("      triggered {}, level {}, paged {}",
                                     clock_text(incident.triggered_at, start_of_day),
                                     incident.level + 1, paged.empty() ? "nobody" : "");
    for (std::size_t i = 0; i < paged.size(); ++i) detail += (i > 0 ? ", " : "") + paged[i];
    if (incident.acknowledged_at) {
      detail += fmt::format("; acknowledged by {} at {}", incident.acknowledged_by,
                            clock_text(*incident.acknowledged_at, start_of_day));
    }
    if (incident.resolved_at) {
      detail += fmt::format("; resolved by {} at {}", incident.resolved_by,
                            clock_text(*incident.resolved_at, start_of_day));
    } else if (incident.escalates_at) {
      detail += "; escalates at " + clock_text(*incident.escalates_at, start_of_day);
    } else if (incident.retriggers_at) {
      detail += "; re-triggers at " + clock_text(*incident.retriggers_at, start_of_day);
    }
    out.push_back({Tone::kDim, detail});
  }
  return out;
}

Lines logs_view(const RunJournal& journal, const std::string& service, SimTime since, SimTime now,
                SimTime start_of_day, std::size_t max_lines) {
  const SimTime from = now - since;
  std::vector<const LogLine*> shown;
  for (auto it = journal.logs.rbegin(); it != journal.logs.rend(); ++it) {
    if (it->time < from) break;
    if (!service.empty() && it->service != service) continue;
    shown.push_back(&*it);
  }
  Lines out;
  const std::string whose = service.empty() ? "every service" : service;
  if (shown.empty()) {
    return {{Tone::kDim, fmt::format("no log lines of {} since {} ({})", whose,
                                     clock_text(from, start_of_day), short_duration(since))}};
  }
  out.push_back({Tone::kHeading,
                 fmt::format("logs of {} since {} ({}): {} lines", whose,
                             clock_text(from, start_of_day), short_duration(since), shown.size())});
  if (shown.size() > max_lines) {
    out.push_back({Tone::kDim, fmt::format("  ... {} earlier lines not shown (use --since)",
                                           shown.size() - max_lines)});
    shown.resize(max_lines);
  }
  std::reverse(shown.begin(), shown.end());
  for (const LogLine* l : shown) {
    const std::string& source = l->instance.empty() ? l->service : l->instance;
    const Tone tone = l->level == LogLevel::kError  ? Tone::kBad
                      : l->level == LogLevel::kWarn ? Tone::kPlain
                                                    : Tone::kDim;
    out.push_back({tone, fmt::format("  {} {:<5} {}  {}", clock_text(l->time, start_of_day),
                                     level_name(l->level), source, l->message)});
  }
  return out;
}

Lines changes_view(const RunJournal& journal, SimTime now, SimTime start_of_day) {
  if (journal.changes.empty()) {
    return {{Tone::kDim, "no changes recorded (" + clock_text(now, start_of_day) + ")"}};
  }
  Lines out;
  out.push_back({Tone::kHeading, "change log"});
  for (const ChangeEntry& c : journal.changes) {
    out.push_back({Tone::kPlain, fmt::format("  {}  {:<10} {:<8} {:<10} {}",
                                             clock_text(c.time, start_of_day), c.service, c.kind,
                                             c.version.empty() ? "-" : c.version, c.description)});
  }
  return out;
}

Lines incident_view(const DeclaredIncident& incident, SimTime now, SimTime start_of_day) {
  if (!incident.declared) {
    return {{Tone::kDim, "no incident declared yet: declare \"TITLE\" opens one"}};
  }
  const auto at = [&](SimTime t) { return clock_text(t, start_of_day); };
  Lines out;
  out.push_back(
      {Tone::kHeading, fmt::format("incident \"{}\": declared {} by {} ({} ago), {}",
                                   incident.title, at(incident.declared_at), incident.declared_by,
                                   short_duration(now - incident.declared_at),
                                   incident.resolved_at ? "resolved " + at(*incident.resolved_at)
                                                        : std::string("open"))});
  out.push_back(
      {Tone::kPlain, "  severity:   " + (incident.severity > 0
                                             ? fmt::format("SEV-{} (set {})", incident.severity,
                                                           at(*incident.severity_set_at))
                                             : std::string("not set (severity SEV-1..SEV-4)"))});
  std::string roles;
  for (const auto& [role, person] : incident.roles) {
    roles += (roles.empty() ? "" : ", ") + role + " " + person;
  }
  out.push_back({Tone::kPlain, "  roles:      " + (roles.empty() ? "none yet" : roles)});
  out.push_back(
      {Tone::kPlain,
       "  root cause: " +
           (incident.root_cause_service.empty()
                ? std::string("not named (rootcause SERVICE FAULT)")
                : fmt::format("{} in {} (named {})", incident.root_cause_fault,
                              incident.root_cause_service, at(*incident.root_cause_at)))});
  if (incident.updates.empty()) {
    out.push_back({Tone::kPlain, "  updates:    none yet (status \"TEXT\")"});
  } else {
    out.push_back({Tone::kPlain, fmt::format("  updates:    {}", incident.updates.size())});
    for (const StatusUpdate& u : incident.updates) {
      out.push_back({Tone::kDim, fmt::format("    {} {}: {}", at(u.time), u.actor, u.text)});
    }
  }
  return out;
}

namespace {

// A usage that lists several forms, comma-separated (mitigate's), one per form.
std::vector<std::string_view> usage_forms(std::string_view usage) {
  std::vector<std::string_view> forms;
  while (!usage.empty()) {
    const std::size_t comma = usage.find(", ");
    forms.push_back(usage.substr(0, comma));
    usage = comma == std::string_view::npos ? "" : usage.substr(comma + 2);
  }
  return forms;
}

}  // namespace

Lines help_view(const std::string& topic) {
  Lines out;
  // Usage in a column, help beside it, or below it when the usage is long.
  const auto add = [&out](std::string_view usage, std::string_view help) {
    constexpr std::size_t kColumn = 34;
    if (usage.size() < kColumn || help.empty()) {
      out.push_back({Tone::kPlain, fmt::format("  {:<{}}{}", usage, kColumn, help)});
    } else {
      out.push_back({Tone::kPlain, fmt::format("  {}", usage)});
      out.push_back({Tone::kPlain, fmt::format("  {:<{}}{}", "", kColumn, help)});
    }
  };
  const auto add_forms = [&add](std::string_view usage, std::string_view help) {
    const std::vector<std::string_view> forms = usage_forms(usage);
    for (std::size_t i = 0; i < forms.size(); ++i) {
      add(forms[i], i + 1 == forms.size() ? help : "");
    }
  };
  if (!topic.empty()) {
    for (const CommandInfo& c : console_commands()) {
      if (c.name == topic) add_forms(c.usage, c.help);
    }
    for (const VerbHelp& v : verb_help()) {
      if (v.name == topic) add_forms(v.usage, v.help);
    }
    if (out.empty()) return {{Tone::kBad, "help: no command '" + topic + "'"}};
    return out;
  }
  out.push_back({Tone::kHeading, "Console commands (views and pacing; nothing recorded):"});
  for (const CommandInfo& c : console_commands()) add(c.usage, c.help);
  out.push_back({Tone::kHeading, "Actions (recorded in the run under your name):"});
  for (const VerbHelp& v : verb_help()) add_forms(v.usage, v.help);
  out.push_back({Tone::kDim,
                 "Tab completes commands, services, teams and incidents; Up/Down and Ctrl-R "
                 "recall earlier lines."});
  return out;
}

}  // namespace firedrill::cli::drill
