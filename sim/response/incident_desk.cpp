#include "sim/response/incident_desk.h"

#include <stdexcept>
#include <utility>

#include "sim/base/suggest.h"
#include "sim/model/event_kinds.h"
#include "sim/paging/pager.h"
#include "sim/routing/dispatcher.h"
#include "sim/routing/matcher.h"

namespace firedrill {
namespace {

using Attributes = std::vector<std::pair<std::string, std::string>>;

std::string severity_text(int severity) {
  return "SEV-" + std::to_string(severity);
}

// "200/s" or "200" -> 200; "off" -> 0.
double rate_value(std::string text) {
  if (text == "off") return 0;
  if (text.size() > 2 && text.substr(text.size() - 2) == "/s") text.resize(text.size() - 2);
  return std::stod(text);
}

}  // namespace

// What applying an action did: refused (with why) or applied (with a message
// and the attributes its event carries).
struct IncidentDesk::Applied {
  bool ok = false;
  std::string message;
  std::string service;  // the event's service, if the action is about one
  Attributes attributes;
};

IncidentDesk::IncidentDesk(Simulation& sim, const Scenario& scenario)
    : sim_(sim), scenario_(scenario) {
  if (!scenario_.incident || scenario_.incident->fixes.empty()) return;
  sim_.add_event_listener([this](const RunEvent& e) {
    if (e.kind != event_kind::kMitigationDone) return;
    std::string action;
    for (const auto& [k, v] : e.attributes) {
      if (k == "action") action = v;
    }
    for (const FixSpec& fix : scenario_.incident->fixes) {
      if (fix.service != e.service || fix.mitigation != action) continue;
      // A fix with parameters (scale 6, flag NAME off) is met by the
      // mitigation started last on that service with the same words.
      const auto started = started_.find({fix.service, fix.mitigation});
      if (!fix.args.empty() && (started == started_.end() || started->second != fix.args)) continue;
      std::string fix_text = fix.mitigation;
      for (const std::string& a : fix.args) fix_text += " " + a;
      fix_text += " " + fix.service;
      const std::string& target = scenario_.incident->root_cause_service.empty()
                                      ? fix.service
                                      : scenario_.incident->root_cause_service;
      // The scenario's own hooks may have ended the faults already.
      if (const auto index = scenario_.find_service(target); index && sim_.has_faults(*index)) {
        sim_.clear_faults(*index);
      }
      RunEvent fixed;
      fixed.kind = std::string(event_kind::kIncidentFixed);
      fixed.service = target;
      fixed.attributes = {{"fix", fix_text}};
      sim_.emit(std::move(fixed));
      return;
    }
  });
}

void IncidentDesk::start_mitigation(const std::string& mitigation, ServiceIndex service,
                                    const std::vector<std::string>& args) {
  if (mitigation == "restart") {
    sim_.rolling_restart(service);
  } else if (mitigation == "rollback") {
    sim_.roll_back(service);
  } else if (mitigation == "scale") {
    sim_.scale(service, std::stoi(args[1]));
  } else if (mitigation == "failover") {
    sim_.failover(service);
  } else if (mitigation == "drain" || mitigation == "undrain") {
    sim_.set_drained(service, mitigation == "drain");
  } else if (mitigation == "rate-limit") {
    sim_.set_rate_limit(service, rate_value(args[1]));
  } else if (mitigation == "flag") {
    sim_.set_flag(service, args[1], args[2] == "on");
  }
}

ActionOutcome IncidentDesk::apply(Action action) {
  action.time = sim_.now();
  Applied result;
  try {
    result = check_and_apply(action);
  } catch (const std::invalid_argument& e) {
    // Anything else the model refused.
    result = Applied{};
    result.message = e.what();
  }
  RunEvent event;
  event.kind = std::string(result.ok ? event_kind::kAction : event_kind::kActionRefused);
  event.service = result.service;
  event.attributes = {{"actor", action.actor},
                      {"verb", std::string(verb_name(action.verb))},
                      {"text", action.text()}};
  for (auto& a : result.attributes) event.attributes.push_back(std::move(a));
  if (!result.ok) event.attributes.emplace_back("reason", result.message);
  actions_.push_back(action);
  sim_.emit(std::move(event));
  return ActionOutcome{result.ok, result.message};
}

IncidentDesk::Applied IncidentDesk::check_and_apply(const Action& action) {
  Applied r;
  const auto refuse = [&](std::string why) {
    r.ok = false;
    r.message = std::move(why);
    return r;
  };
  const auto done = [&](std::string message) {
    r.ok = true;
    r.message = std::move(message);
    return r;
  };
  const auto find_service = [&](const std::string& name) -> std::optional<ServiceIndex> {
    return scenario_.find_service(name);
  };
  const auto unknown_service = [&](const std::string& name) {
    std::vector<std::string> names;
    for (const ServiceSpec& s : scenario_.services) names.push_back(s.name);
    return "unknown service '" + name + "'" + did_you_mean(name, names);
  };
  const auto need_declared = [&]() -> std::string {
    if (!incident_.declared) {
      return std::string(verb_name(action.verb)) +
             ": no incident is declared yet (declare \"TITLE\" first)";
    }
    return "";
  };
  const std::vector<std::string>& args = action.args;

  switch (action.verb) {
    case Verb::kAck: {
      Pager* pager = sim_.pager();
      if (!pager) return refuse("ack: this scenario pages nobody (it has no teams)");
      const int id = std::stoi(args[0]);
      r.attributes = {{"incident", args[0]}};
      if (const Incident* incident = pager->find(id))
        r.attributes.emplace_back("team", incident->team);
      const std::string why = pager->acknowledge(id, action.actor);
      if (!why.empty()) return refuse("ack: " + why);
      return done("acknowledged incident #" + args[0]);
    }
    case Verb::kDeclare:
      if (incident_.declared) {
        return refuse("declare: the incident \"" + incident_.title + "\" was declared at " +
                      format_clock(incident_.declared_at));
      }
      incident_.declared = true;
      incident_.title = args[0];
      incident_.declared_at = action.time;
      incident_.declared_by = action.actor;
      r.attributes = {{"title", args[0]}};
      return done("declared \"" + args[0] + "\"");
    case Verb::kSeverity: {
      if (auto why = need_declared(); !why.empty()) return refuse(why);
      const int severity = args[0][4] - '0';
      incident_.severity = severity;
      incident_.severity_set_at = action.time;
      r.attributes = {{"severity", severity_text(severity)}};
      return done("severity is " + severity_text(severity));
    }
    case Verb::kRole:
      if (auto why = need_declared(); !why.empty()) return refuse(why);
      incident_.roles[args[0]] = args[1];
      r.attributes = {{"role", args[0]}, {"person", args[1]}};
      return done(args[1] + " is " + args[0]);
    case Verb::kEscalate: {
      Pager* pager = sim_.pager();
      if (!pager) return refuse("escalate: this scenario pages nobody (it has no teams)");
      std::vector<std::string> teams;
      bool known = false;
      for (const TeamSpec& t : scenario_.teams) {
        teams.push_back(t.name);
        known = known || t.name == args[0];
      }
      if (!known)
        return refuse("escalate: unknown team '" + args[0] + "'" + did_you_mean(args[0], teams));
      const std::string title =
          incident_.declared ? incident_.title : "help requested by " + action.actor;
      const int id = pager->trigger(args[0], "escalation/" + args[0], title,
                                    action.actor + " escalated to " + args[0]);
      r.attributes = {{"team", args[0]}, {"incident", std::to_string(id)}};
      return done("paged " + args[0] + " (incident #" + std::to_string(id) + ")");
    }
    case Verb::kInvestigate:
      if (!find_service(args[0])) return refuse("investigate: " + unknown_service(args[0]));
      r.service = args[0];
      return done("investigating " + args[0]);
    case Verb::kMitigate: {
      const std::string& mitigation = args[0];
      const std::string& name = args.back();
      const auto service = find_service(name);
      r.service = name;
      r.attributes = {{"mitigation", mitigation}};
      if (mitigation == "scale") r.attributes.emplace_back("replicas", args[1]);
      if (mitigation == "rate-limit") r.attributes.emplace_back("limit", args[1]);
      if (mitigation == "flag") {
        r.attributes.emplace_back("flag", args[1]);
        r.attributes.emplace_back("state", args[2]);
      }
      if (!service) return refuse("mitigate: " + unknown_service(name));
      // The words are noted before the model runs: an instant mitigation
      // (drain, flag, rate-limit) is done from inside the call, and a
      // declared fix is matched against them there.
      const auto key = std::make_pair(name, mitigation);
      const auto before = started_.find(key);
      const std::optional<std::vector<std::string>> previous =
          before == started_.end() ? std::nullopt : std::optional(before->second);
      started_[key] = std::vector<std::string>(args.begin() + 1, args.end() - 1);
      try {
        start_mitigation(mitigation, *service, args);
      } catch (const std::invalid_argument& e) {
        // The model refused (a rollout under way, no standby, ...).
        if (previous) {
          started_[key] = *previous;
        } else {
          started_.erase(key);
        }
        return refuse("mitigate: " + std::string(e.what()));
      }
      return done("started: " + action.text().substr(std::string_view("mitigate ").size()));
    }
    case Verb::kSilence: {
      Dispatcher* alertmanager = sim_.alertmanager();
      if (!alertmanager) return refuse("silence: this scenario has no Alertmanager (`routing:`)");
      SilenceSpec spec;
      try {
        spec.matchers = parse_matchers(args[0]);
      } catch (const MatcherError& e) {
        return refuse("silence: bad matchers '" + args[0] + "': " + e.what());
      }
      SimTime duration = 0;
      try {
        duration = parse_duration(args[1]);
      } catch (const InputError& e) {
        return refuse("silence: bad duration '" + args[1] + "': " + e.first().message);
      }
      if (duration <= 0) return refuse("silence: the duration must be positive");
      spec.starts = action.time;
      spec.ends = action.time + duration;
      spec.created_by = action.actor;
      spec.comment = "silenced from the drill";
      int id = 0;
      try {
        id = alertmanager->add_silence(std::move(spec));
      } catch (const std::invalid_argument& e) {
        return refuse("silence: " + std::string(e.what()));
      }
      r.attributes = {{"silence", std::to_string(id)},
                      {"matchers", args[0]},
                      {"duration", format_duration(duration)}};
      return done("silence " + std::to_string(id) + " until " +
                  format_clock(action.time + duration));
    }
    case Verb::kStatus:
      if (auto why = need_declared(); !why.empty()) return refuse(why);
      incident_.updates.push_back(StatusUpdate{action.time, action.actor, args[0]});
      r.attributes = {{"update", std::to_string(incident_.updates.size())}};
      return done("status update " + std::to_string(incident_.updates.size()) + " posted");
    case Verb::kRootCause:
      if (auto why = need_declared(); !why.empty()) return refuse(why);
      if (!find_service(args[0])) return refuse("rootcause: " + unknown_service(args[0]));
      incident_.root_cause_service = args[0];
      incident_.root_cause_fault = args[1];
      incident_.root_cause_at = action.time;
      r.service = args[0];
      r.attributes = {{"fault", args[1]}};
      return done("root cause: " + args[1] + " in " + args[0]);
    case Verb::kResolve:
      if (auto why = need_declared(); !why.empty()) return refuse(why);
      if (incident_.resolved_at) {
        return refuse("resolve: the incident was resolved at " +
                      format_clock(*incident_.resolved_at));
      }
      incident_.resolved_at = action.time;
      return done("incident resolved");
  }
  return refuse("unknown action");
}

}  // namespace firedrill
