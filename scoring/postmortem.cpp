#include "scoring/postmortem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>
#include <utility>

#include "scoring/markdown.h"
#include "scoring/user_impact.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

namespace md = markdown;
namespace ek = event_kind;

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// A first signal later than this after the onset calls for better alerting.
constexpr SimTime kLateSignal = 10 * kMinute;

std::string todo(std::string_view what) {
  return "_TODO: " + std::string(what) + "_";
}

// What the recording says about the response, beyond the score card.
struct Facts {
  struct Named {  // a `rootcause` action
    SimTime time = 0;
    std::string actor, service, fault;
  };
  struct Mitigation {  // an applied `mitigate` action
    SimTime time = 0;
    std::string actor, text, service, action;
    std::optional<SimTime> done;
  };
  std::string declared_title;
  std::string severity;  // the last one set: "SEV-2"
  std::string resolved_by;
  std::vector<Named> root_causes;
  std::vector<Mitigation> mitigations;
  std::optional<SimTime> fixed_at;
  std::string fix;
  const RunEvent* first_alert = nullptr;  // the first alert firing at or after the onset
  const RunEvent* first_fault = nullptr;  // on the root-cause service (any, without one)
  // Faults of the root-cause service that ended without a fix or rollback.
  std::vector<SimTime> ended_alone;
  const ChangeEntry* trigger = nullptr;
};

Facts gather(const RunView& run, const ScoreCard& card) {
  Facts f;
  if (run.journal == nullptr) return f;
  const IncidentSpec* truth =
      run.scenario != nullptr && run.scenario->incident ? &*run.scenario->incident : nullptr;
  const std::string root = truth != nullptr ? truth->root_cause_service : "";
  const SimTime onset = card.times.onset;
  const std::vector<RunEvent>& events = run.journal->events;
  for (const RunEvent& e : events) {
    if (e.kind == ek::kAction) {
      const std::string verb = attribute(e, "verb");
      if (verb == "declare" && f.declared_title.empty()) f.declared_title = attribute(e, "title");
      if (verb == "severity") f.severity = attribute(e, "severity");
      if (verb == "resolve") f.resolved_by = attribute(e, "actor");
      if (verb == "rootcause") {
        f.root_causes.push_back({e.time, attribute(e, "actor"), e.service, attribute(e, "fault")});
      }
      if (verb == "mitigate") {
        std::string text = attribute(e, "text");
        if (text.rfind("mitigate ", 0) == 0) text.erase(0, 9);
        f.mitigations.push_back(
            {e.time, attribute(e, "actor"), text, e.service, attribute(e, "mitigation"), {}});
      }
    } else if (e.kind == ek::kMitigationDone) {
      for (Facts::Mitigation& m : f.mitigations) {
        if (!m.done && m.service == e.service && m.action == attribute(e, "action")) {
          m.done = e.time;
          break;
        }
      }
    } else if (e.kind == ek::kIncidentFixed && !f.fixed_at) {
      f.fixed_at = e.time;
      f.fix = attribute(e, "fix");
    } else if (e.kind == ek::kAlertFiring && f.first_alert == nullptr && e.time >= onset) {
      f.first_alert = &e;
    } else if (e.kind == ek::kFault && f.first_fault == nullptr &&
               (root.empty() || e.service == root)) {
      f.first_fault = &e;
    }
  }
  // A fault that ended at a time when nothing of the responders' did it.
  for (const RunEvent& e : events) {
    if (e.kind != ek::kFaultCleared || (!root.empty() && e.service != root)) continue;
    const bool explained = std::any_of(events.begin(), events.end(), [&](const RunEvent& o) {
      return o.time == e.time && (o.kind == ek::kIncidentFixed || o.kind == ek::kMitigationDone ||
                                  o.kind == ek::kRollback);
    });
    if (!explained &&
        std::find(f.ended_alone.begin(), f.ended_alone.end(), e.time) == f.ended_alone.end()) {
      f.ended_alone.push_back(e.time);
    }
  }
  // The trigger: the last change to the root-cause service at or before the
  // onset (not the versions in production when the run started).
  for (const ChangeEntry& c : run.journal->changes) {
    if (c.time > onset) break;
    if (c.service == root && c.kind != "rollback" && (c.time > 0 || onset == 0)) f.trigger = &c;
  }
  return f;
}

// Requests and bad requests at the SLO's service while users were hurt.
struct Window {
  SimTime from = 0, to = 0;
  bool ongoing = false;  // still hurting when the run ended
  double requests = 0, bad = 0;
  double normal_ratio = 0;
  bool measured = false;  // the counts above come from the run's metrics
};

std::optional<Window> impact_window(const RunView& run, const ScoreCard& card) {
  const ImpactFigures& fig = card.impact;
  if (!fig.first_hurt) return std::nullopt;
  Window w;
  w.from = *fig.first_hurt;
  w.ongoing = !fig.impact_end;
  w.to = fig.impact_end.value_or(card.end);
  if (run.metrics != nullptr) {
    const UserImpact impact = measure_user_impact(run, card.rubric.slo, card.times.onset);
    for (std::size_t m = static_cast<std::size_t>(w.from / kMinute);
         m < impact.minutes.size() && static_cast<SimTime>(m) * kMinute < w.to; ++m) {
      w.requests += impact.minutes[m].requests;
      w.bad += impact.minutes[m].bad;
    }
    w.normal_ratio = impact.normal_bad_ratio;
    w.measured = w.requests > 0;
  }
  return w;
}

std::string bad_words(const ScoreCard& card) {
  const SimTime latency = card.rubric.slo.latency;
  return latency > 0 ? "failed or took longer than " + format_duration(latency) : "failed";
}

// "30-day" for a window of whole days, else "6h".
std::string window_words(SimTime window) {
  if (window > 0 && window % kDay == 0) return std::to_string(window / kDay) + "-day";
  return format_duration(window);
}

std::string rounded(double n) {
  return md::thousands(std::llround(n));
}

class Writer {
 public:
  explicit Writer(const PostmortemInput& in)
      : in_(in),
        card_(in.card),
        facts_(gather(in.run, in.card)),
        window_(impact_window(in.run, in.card)),
        truth_(in.run.scenario != nullptr && in.run.scenario->incident ? &*in.run.scenario->incident
                                                                       : nullptr) {}

  std::string write() {
    std::string out;
    out += title_block();
    out += section("Summary", summary());
    out += section("Impact", impact());
    out += section("Root Causes", root_causes());
    out += section("Trigger", trigger());
    out += section("Resolution", resolution());
    out += section("Detection", detection());
    out += section("Action Items", action_items());
    out += "\n## Lessons Learned\n";
    out += subsection("What went well", went_well());
    out += subsection("What went wrong", went_wrong());
    out += subsection("Where we got lucky", got_lucky());
    out += section("Timeline", timeline());
    out += section("Supporting information", supporting());
    return out;
  }

 private:
  static std::string section(std::string_view title, const std::string& body) {
    return "\n## " + std::string(title) + "\n\n" + body;
  }
  static std::string subsection(std::string_view title, const std::string& body) {
    return "\n### " + std::string(title) + "\n\n" + body;
  }

  std::string clock(SimTime t) const { return md::clock_time(card_.start_of_day, t); }
  std::string minute(SimTime t) const { return md::clock_minute(card_.start_of_day, t); }
  SimTime onset() const { return card_.times.onset; }
  // "21m30s after the onset", or "1m before the onset".
  std::string since_onset(SimTime t) const {
    return t >= onset() ? md::span(t - onset()) + " after the onset"
                        : md::span(onset() - t) + " before the onset";
  }
  std::string team() const {
    return truth_ != nullptr && !truth_->team.empty() ? md::escape(truth_->team) : todo("owner");
  }
  std::string root_service() const { return truth_ != nullptr ? truth_->root_cause_service : ""; }

  std::string title_block() const {
    const std::string& title = !facts_.declared_title.empty()
                                   ? facts_.declared_title
                                   : (card_.title.empty() ? card_.scenario : card_.title);
    std::string out = "# Postmortem: " + md::escape(title) + "\n\n";
    const std::string authors = card_.responders.empty()
                                    ? todo("the authors (nobody acted in the run)")
                                    : md::escape(md::join(card_.responders));
    std::vector<std::pair<const char*, std::string>> rows = {
        {"Date", todo("the date of the incident (the drill knows only the clock: " +
                      minute(onset()) + ")")},
        {"Authors", authors},
        {"Status", "Draft, generated by firedrill from " + (in_.recording_path.empty()
                                                                ? std::string("its recording")
                                                                : md::code(in_.recording_path))},
        {"Scenario", md::code(card_.scenario) + ", seed " + std::to_string(card_.seed)},
    };
    if (!facts_.severity.empty()) {
      rows.emplace_back("Severity", md::escape(facts_.severity) + " (as declared)");
    }
    for (const auto& [name, value] : rows) out += fmt::format("- **{}:** {}\n", name, value);
    return out;
  }

  // "a memory-leak in checkout".
  std::string truth_words() const {
    if (truth_ == nullptr || truth_->root_cause_service.empty()) return "";
    return md::code(truth_->root_cause_fault) + " in " + md::code(truth_->root_cause_service);
  }

  std::string summary() const {
    std::vector<std::string> s;
    const std::string service = md::code(card_.impact.service);
    if (!card_.has_incident) {
      s.push_back(
          "The scenario has no ground truth (`incident:`), so the recording cannot say "
          "what went wrong.");
      s.push_back(todo("what happened, in a few sentences"));
    } else if (!window_) {
      s.push_back("Users of " + service + " were not measurably affected.");
    } else {
      const SimTime length = window_->to - window_->from;
      std::string hurt = "From " + minute(window_->from) + " ";
      hurt += window_->ongoing
                  ? "until the drill ended at " + minute(card_.end) + " (" + md::span(length) +
                        "), users of " + service + " were affected, and still were at the end"
                  : "to " + minute(window_->to) + " (" + md::span(length) + "), users of " +
                        service + " were affected";
      if (static_cast<SimTime>(card_.impact.hurt_minutes) * kMinute < length) {
        hurt += " (" + md::count(card_.impact.hurt_minutes, "minute") +
                " with failures well above normal)";
      }
      if (window_->measured) {
        hurt += ": " + md::percent(window_->bad / window_->requests) + " of its requests " +
                bad_words(card_);
      }
      s.push_back(hurt + ".");
    }
    if (const std::string cause = truth_words(); !cause.empty()) {
      s.push_back("The root cause was " + cause + ".");
    }
    if (card_.times.detected) {
      s.push_back("The responders picked it up at " + minute(*card_.times.detected) + ", " +
                  since_onset(*card_.times.detected) + ".");
    } else if (card_.has_incident) {
      s.push_back("Nobody acknowledged a page or declared an incident.");
    }
    if (!facts_.mitigations.empty()) {
      std::vector<std::string> done;
      for (const Facts::Mitigation& m : facts_.mitigations) {
        done.push_back(md::code(m.text) + " at " + minute(m.time));
      }
      s.push_back("They mitigated with " + md::join(done, ", then ") + ".");
    } else if (card_.has_incident) {
      s.push_back("No mitigation was applied.");
    }
    if (card_.times.resolved) {
      s.push_back("The incident was resolved at " + minute(*card_.times.resolved) + ".");
    } else if (card_.times.declared) {
      s.push_back("The declared incident was still open when the drill ended.");
    }
    return md::join(s, " ") + "\n";
  }

  std::string impact() const {
    if (!card_.has_incident) return todo("who was affected, how, and for how long") + "\n";
    const ImpactFigures& fig = card_.impact;
    const std::string service = md::code(fig.service);
    std::vector<std::string> items;
    if (window_ && window_->measured) {
      items.push_back(fmt::format(
          "{} requests to {} {} between {} and {}{}: {} of its {} requests in that time "
          "(normally {}).",
          rounded(window_->bad), service, bad_words(card_), minute(window_->from),
          minute(window_->to), window_->ongoing ? " (the end of the drill)" : "",
          md::percent(window_->bad / window_->requests), rounded(window_->requests),
          md::percent(window_->normal_ratio)));
    } else if (!window_) {
      items.push_back("Users of " + service + " were not measurably affected.");
    }
    if (window_) {
      items.push_back(
          fmt::format("Beyond the normal rate, the incident cost about {} failed requests "
                      "at {}, over {} with users hurt.",
                      rounded(fig.excess_bad), service, md::count(fig.hurt_minutes, "minute")));
    }
    const SloSpec& slo = card_.rubric.slo;
    items.push_back(fmt::format(
        "Error budget: the run used {} of the {} error budget of {} (SLO: {} of requests good){}.",
        md::percent(fig.budget_burned), window_words(slo.window), service,
        md::percent(slo.objective),
        fig.breached ? "; over the run, more than " + md::percent(1 - slo.objective) +
                           " of its requests were bad"
                     : ""));
    if (fig.has_baseline) {
      const double avoided = fig.baseline_excess_bad - fig.excess_bad;
      std::string line = fmt::format(
          "Had nobody acted, about {} requests would have failed beyond the normal rate ({} of "
          "the error budget{}). ",
          rounded(fig.baseline_excess_bad), md::percent(fig.baseline_budget_burned),
          fig.baseline_breached ? ", breaching the SLO" : "");
      if (avoided >= 0.5) {
        line += "The response avoided about " + rounded(avoided) + " failed requests" +
                (fig.baseline_excess_bad > 0
                     ? " (" + md::percent(avoided / fig.baseline_excess_bad) + ")."
                     : ".");
      } else if (avoided <= -0.5) {
        line += "The response did not reduce the failures: about " + rounded(-avoided) +
                " more than doing nothing.";
      } else {
        line += "The response made no difference to the failures.";
      }
      items.push_back(line);
    } else {
      items.push_back("The run was not compared with doing nothing.");
    }
    std::string out;
    for (const std::string& i : items) out += "- " + i + "\n";
    return out;
  }

  std::string root_causes() const {
    std::string out;
    if (truth_ != nullptr && !truth_->summary.empty())
      out += md::escape_lines(truth_->summary) + "\n\n";
    std::vector<std::string> items;
    if (const std::string cause = truth_words(); !cause.empty()) {
      items.push_back("Ground truth: " + cause +
                      (truth_->team.empty() ? "" : ", owned by " + md::escape(truth_->team)) + ".");
    }
    if (facts_.root_causes.empty()) {
      items.push_back("The responders did not name a root cause (`rootcause`).");
    }
    for (const Facts::Named& n : facts_.root_causes) {
      std::string line = fmt::format("{} named {} in {} at {}", md::escape(n.actor),
                                     md::code(n.fault), md::code(n.service), clock(n.time));
      if (truth_ != nullptr && !truth_->root_cause_service.empty()) {
        const bool service = n.service == truth_->root_cause_service;
        const bool fault = n.fault == truth_->root_cause_fault;
        line += service && fault ? ": right"
                : service        ? ": the right service, not the right fault"
                : fault          ? ": the right fault, not the right service"
                                 : ": wrong";
      }
      items.push_back(line + ".");
    }
    for (const std::string& i : items) out += "- " + i + "\n";
    out += "\n" + todo("why it happened: the contributing factors behind the root cause") + "\n";
    return out;
  }

  std::string trigger() const {
    if (const ChangeEntry* c = facts_.trigger) {
      std::string line = md::code(c->service) + " " +
                         (c->version.empty() ? std::string("change") : md::code(c->version)) + " " +
                         (c->kind == "deploy" ? "deployed" : md::escape(c->kind)) + " at " +
                         clock(c->time);
      if (!c->description.empty()) line += " (" + md::escape(c->description) + ")";
      line += c->time == onset() ? ", at the onset of the incident."
                                 : ", " + md::span(onset() - c->time) + " before the onset.";
      return line + "\n";
    }
    if (const RunEvent* f = facts_.first_fault) {
      std::string line = "No change to " + md::code(f->service) +
                         " preceded the incident: it started with a fault, " +
                         md::code(attribute(*f, "fault")) + " on " + md::code(f->service) + " at " +
                         clock(f->time);
      std::vector<std::string> params;
      for (const auto& [k, v] : f->attributes) {
        if (k != "fault") params.push_back(k + "=" + v);
      }
      if (!params.empty()) line += " (" + md::escape(md::join(params)) + ")";
      return line + ".\n";
    }
    return todo("what set the incident off (the recording shows no change or fault)") + "\n";
  }

  std::string resolution() const {
    std::vector<std::string> items;
    for (const Facts::Mitigation& m : facts_.mitigations) {
      std::string line =
          clock(m.time) + " " + md::escape(m.actor) + ": " + md::code("mitigate " + m.text);
      line += m.done ? (*m.done == m.time ? ", effective at once"
                                          : ", took full effect at " + clock(*m.done))
                     : ", had not taken full effect when the drill ended";
      items.push_back(line + ".");
    }
    if (facts_.mitigations.empty()) items.push_back("The responders applied no mitigation.");
    if (facts_.fixed_at) {
      items.push_back("The fix " + md::code(facts_.fix) + " took effect at " +
                      clock(*facts_.fixed_at) + " and ended the faults" +
                      (root_service().empty() ? "" : " on " + md::code(root_service())) + ".");
    } else if (card_.has_incident && truth_ != nullptr && !truth_->fixes.empty()) {
      items.push_back("None of the scenario's fixes was applied.");
    }
    if (card_.has_incident) {
      if (window_ && !window_->ongoing) {
        items.push_back("Users were no longer hurt from " + clock(window_->to) + ".");
      } else if (window_) {
        items.push_back("Users were still hurt when the drill ended at " + clock(card_.end) + ".");
      }
    }
    if (card_.times.resolved) {
      items.push_back("The incident was resolved at " + clock(*card_.times.resolved) +
                      (facts_.resolved_by.empty() ? "" : " by " + md::escape(facts_.resolved_by)) +
                      ".");
    } else if (card_.times.declared) {
      items.push_back("The declared incident was not resolved before the drill ended.");
    } else {
      items.push_back("No incident was declared.");
    }
    std::string out;
    for (const std::string& i : items) out += "- " + i + "\n";
    return out;
  }

  std::string detection() const {
    std::vector<std::string> items;
    if (const RunEvent* a = facts_.first_alert) {
      const std::string target = !a->instance.empty() ? a->instance : a->service;
      items.push_back("First alert: " + md::code(attribute(*a, "alertname")) +
                      (target.empty() ? "" : " for " + md::code(target)) + " at " + clock(a->time) +
                      ", " + since_onset(a->time) + ".");
    } else {
      items.push_back("No alert fired after the onset.");
    }
    if (card_.pages.empty()) items.push_back("Nobody was paged.");
    constexpr std::size_t kMaxPages = 10;
    for (std::size_t i = 0; i < card_.pages.size() && i < kMaxPages; ++i) {
      const PageRecord& p = card_.pages[i];
      std::string line = "Page to " + md::escape(p.team) + " at " + clock(p.paged_at) +
                         (p.title.empty() ? "" : " (" + md::escape(p.title) + ")");
      if (p.acknowledged_at) {
        line += ": acknowledged by " + md::escape(p.acknowledged_by) + " at " +
                clock(*p.acknowledged_at) + ", " + md::span(*p.acknowledged_at - p.paged_at) +
                " later";
      } else {
        line += ": never acknowledged";
      }
      items.push_back(line + ".");
    }
    if (card_.pages.size() > kMaxPages) {
      items.push_back(
          fmt::format("... and {} more pages (see the timeline).", card_.pages.size() - kMaxPages));
    }
    if (card_.times.detected) {
      items.push_back("Time to detect: " + md::span(*card_.times.detected - onset()) +
                      " (the first acknowledgement or declaration, at " +
                      clock(*card_.times.detected) + ").");
    } else if (card_.has_incident) {
      items.push_back("Not detected: nobody acknowledged a page or declared an incident.");
    }
    std::string out;
    for (const std::string& i : items) out += "- " + i + "\n";
    return out;
  }

  const ScoreItem* item(std::string_view id) const {
    for (const ScoreSection& s : card_.sections) {
      for (const ScoreItem& i : s.items) {
        if (i.id == id) return &i;
      }
    }
    return nullptr;
  }
  bool lost(std::string_view id) const {
    const ScoreItem* i = item(id);
    return i != nullptr && i->points < i->max;
  }

  std::string action_items() const {
    std::vector<std::vector<std::string>> rows;
    const auto add = [&](std::string what, const char* type, std::string owner) {
      rows.push_back({std::move(what), type, std::move(owner), "open"});
    };
    const std::string root = root_service();
    if (const std::string cause = truth_words(); !cause.empty()) {
      add("Fix the root cause: " + cause, "prevent", team());
    }
    if (facts_.trigger != nullptr && facts_.trigger->kind == "deploy") {
      add("Catch a bad " + md::code(facts_.trigger->service) +
              " release before it reaches every user (canary, automatic rollback)",
          "prevent", team());
    }
    // The alerting: a first signal long after the onset (or none) is worth
    // a look whatever the responders did.
    const std::optional<SimTime> signal = card_.times.first_signal;
    if (card_.has_incident && (!signal || *signal - onset() > kLateSignal)) {
      add(signal ? "Alert sooner on this failure: the first signal (page or alert) came " +
                       md::span(*signal - onset()) + " after the onset"
                 : std::string("Add an alert for this failure: nothing signalled it"),
          "mitigate", team());
    }
    if (lost("page_acknowledgement")) {
      // Per team, its slowest page: never acknowledged, or the longest wait.
      std::vector<std::pair<std::string, std::optional<SimTime>>> teams;
      for (const PageRecord& p : card_.pages) {
        const std::optional<SimTime> wait =
            p.acknowledged_at ? std::optional<SimTime>(*p.acknowledged_at - p.paged_at)
                              : std::nullopt;
        if (wait && *wait <= card_.rubric.acknowledge) continue;
        auto it = std::find_if(teams.begin(), teams.end(),
                               [&](const auto& t) { return t.first == p.team; });
        if (it == teams.end()) {
          teams.emplace_back(p.team, wait);
        } else if (it->second && (!wait || *wait > *it->second)) {
          it->second = wait;
        }
      }
      for (const auto& [t, wait] : teams) {
        add("Review paging and notification settings for " + md::escape(t) + ": " +
                (wait ? "a page waited " + md::span(*wait) + " for acknowledgement (target " +
                            md::span(card_.rubric.acknowledge) + ")"
                      : std::string("a page was never acknowledged")),
            "process", md::escape(t));
      }
    } else if (lost("time_to_detect")) {
      add(card_.times.detected
              ? "Pick up this kind of incident sooner: it was picked up " +
                    md::span(*card_.times.detected - signal.value_or(onset())) + " after the " +
                    (signal ? "first signal" : "onset")
              : std::string("Make sure someone acts on this kind of incident: nobody picked it up"),
          "process", team());
    }
    if (lost("severity")) {
      add("Review the severity definitions with the responders" +
              (card_.rubric.severity > 0
                   ? fmt::format(" (this incident was SEV-{}{})", card_.rubric.severity,
                                 facts_.severity.empty() ? ", none was declared"
                                                         : ", declared " + facts_.severity)
                   : std::string()),
          "process", todo("owner"));
    }
    if (lost("root_cause")) {
      add("Complete the root-cause analysis" +
              (root.empty() ? std::string() : " of " + md::code(root)),
          "process", team());
    }
    if (lost("owning_team")) {
      add("Document who owns " + (root.empty() ? std::string("the service") : md::code(root)) +
              " and how to page " + team(),
          "process", team());
    }
    if (lost("needless_pages")) {
      add("Review alert routing: teams were paged that did not need to be", "process",
          todo("owner"));
    }
    if (lost("commander")) {
      add("Name an incident commander at the start of every incident", "process", todo("owner"));
    }
    if (lost("time_to_mitigate")) {
      std::string fix;
      if (truth_ != nullptr && !truth_->fixes.empty()) {
        const FixSpec& f = truth_->fixes.front();
        std::string words = "mitigate " + f.mitigation;
        for (const std::string& a : f.args) words += " " + a;
        fix = ": " + md::code(words + " " + f.service);
      }
      add("Write a runbook entry for this failure" +
              (root.empty() ? std::string() : " of " + md::code(root)) + fix,
          "mitigate", team());
    }
    if (lost("harmful_actions")) {
      add("Review the runbook: some mitigations did harm (see What went wrong)", "process", team());
    }
    if (lost("first_status") || lost("status_cadence")) {
      add(card_.rubric.status_every > 0
              ? "Post status updates at least every " + md::span(card_.rubric.status_every) +
                    " (a template, a reminder)"
              : std::string("Post a first status update early (a template, a reminder)"),
          "process", todo("owner"));
    }
    if (lost("resolution")) {
      add("Agree on when to resolve an incident (users no longer hurt, fix verified)", "process",
          todo("owner"));
    }
    rows.push_back(
        {todo("more action items from the review"), todo("type"), todo("owner"), todo("status")});
    return md::table({"Action Item", "Type", "Owner", "Status"}, {}, rows);
  }

  std::string items_with(bool full) const {
    std::string out;
    for (const ScoreSection& s : card_.sections) {
      for (const ScoreItem& i : s.items) {
        if (i.max <= 0 || (i.points >= i.max) != full) continue;
        out += "- " + md::escape(i.title) + ": " + md::escape(i.reason) + "\n";
      }
    }
    return out;
  }

  std::string went_well() const {
    const std::string out = items_with(true);
    return out.empty() ? todo("what went well") + "\n" : out;
  }

  std::string went_wrong() const {
    const std::string out = items_with(false);
    return out.empty() ? todo("what went wrong") + "\n" : out;
  }

  std::string got_lucky() const {
    std::vector<std::string> items;
    const std::optional<SimTime> first = card_.times.first_mitigation;
    // The card credits a mitigation with the end of the impact when it came
    // before the next wave: only an end nobody brought about is luck.
    if (window_ && !window_->ongoing && !card_.times.mitigated &&
        (!first || *first >= window_->to)) {
      items.push_back("The impact ended on its own at " + clock(window_->to) +
                      (first ? ", before any mitigation." : ": nobody mitigated it."));
    }
    for (SimTime t : facts_.ended_alone) {
      if (first && *first <= t) continue;
      items.push_back("The faults" +
                      (root_service().empty() ? std::string() : " on " + md::code(root_service())) +
                      " ended at " + clock(t) + " without any action of the responders.");
    }
    if (items.empty()) return todo("where we got lucky (the recording shows no such thing)") + "\n";
    std::string out;
    for (const std::string& i : items) out += "- " + i + "\n";
    return out;
  }

  std::string timeline() const {
    return "Times are the drill's clock. Rows in *italics* are ground truth from the scenario: "
           "the responders could not see them.\n\n" +
           timeline_table(in_.timeline, card_.start_of_day, false);
  }

  std::string supporting() const {
    std::string out;
    const std::string path = in_.recording_path.empty() ? "RUN.fdrec" : in_.recording_path;
    out += "- Recording: " + md::code(path) + " (scenario " + md::code(card_.scenario) + ", seed " +
           std::to_string(card_.seed) +
           (in_.run.info.scenario_hash.empty() ? "" : ", " + md::code(in_.run.info.scenario_hash)) +
           "), an SQLite file: docs/recording-format.md.\n";
    out +=
        "- The debrief, with the score and the reference responder's run: `firedrill debrief`.\n";
    out += "- The score card alone: `firedrill score` (`--json` for programs).\n\n";
    const std::string quoted = shell_quote(path);
    out += "```sh\nfiredrill debrief " + quoted + "\nfiredrill score " + quoted + "\n```\n";
    return out;
  }

  // `text` as one shell word: as is when it is plain, else in single quotes.
  static std::string shell_quote(const std::string& text) {
    const bool plain = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
             std::string_view("-_./=:,+@%").find(c) != std::string_view::npos;
    });
    if (plain) return text;
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }

  const PostmortemInput& in_;
  const ScoreCard& card_;
  const Facts facts_;
  const std::optional<Window> window_;
  const IncidentSpec* truth_;
};

}  // namespace

std::string postmortem_markdown(const PostmortemInput& in) {
  return Writer(in).write();
}

}  // namespace firedrill
