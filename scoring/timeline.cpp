#include "scoring/timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <optional>
#include <string_view>
#include <tuple>
#include <utility>

#include "scoring/markdown.h"
#include "scoring/user_impact.h"
#include "sim/base/units.h"
#include "sim/model/event_kinds.h"

namespace firedrill {
namespace {

namespace ek = event_kind;

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

bool has_attribute(const RunEvent& e, std::string_view name) {
  return std::any_of(e.attributes.begin(), e.attributes.end(),
                     [&](const auto& kv) { return kv.first == name; });
}

std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ") {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (!item.empty() && std::find(list.begin(), list.end(), item) == list.end()) {
    list.push_back(item);
  }
}

// An alert's labels as the model writes them, {a="b", c="d"} (values
// quoted as Go does), back into pairs. Malformed text gives what was read.
std::vector<std::pair<std::string, std::string>> parse_labels(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t i = 0;
  const auto skip = [&](std::string_view chars) {
    while (i < text.size() && chars.find(text[i]) != std::string_view::npos) ++i;
  };
  skip("{ ");
  while (i < text.size() && text[i] != '}') {
    const std::size_t eq = text.find('=', i);
    if (eq == std::string_view::npos || eq + 1 >= text.size() || text[eq + 1] != '"') break;
    std::string name(text.substr(i, eq - i));
    std::string value;
    i = eq + 2;
    while (i < text.size() && text[i] != '"') {
      if (text[i] == '\\' && i + 1 < text.size()) {
        ++i;
        value += text[i] == 'n' ? '\n' : text[i];
      } else {
        value += text[i];
      }
      ++i;
    }
    ++i;  // the closing quote
    out.emplace_back(std::move(name), std::move(value));
    skip(", ");
  }
  return out;
}

// A line being built. Alerts and OOM kills gather the events of their
// minute before their text is written.
struct Draft {
  TimelineEntry entry;
  // At the same time: 1 change log lines without their event, 2 events,
  // 3 the card's lines (what the events of their minute did to users).
  int group = 2;
  std::size_t seq = 0;  // order within the group
  // Alerts: the state ("firing", "resolved"), the alert's name and
  // severity (`detail`), and what it fired for. OOM kills: the replicas.
  // OOM kills: the service, and the memory limit in `detail`.
  std::string state, name, detail;
  std::vector<std::string> targets;
};

// What an alert event fired for: its replica, else its service, else its
// other labels ("from=catalog to=pricing").
std::string alert_target(const RunEvent& e,
                         const std::vector<std::pair<std::string, std::string>>& labels) {
  if (!e.instance.empty()) return e.instance;
  if (!e.service.empty()) return e.service;
  std::vector<std::string> parts;
  for (const auto& [k, v] : labels) {
    if (k != "alertname" && k != "severity") parts.push_back(k + "=" + v);
  }
  return join(parts, " ");  // targets are joined with ", "
}

std::string alert_text(const Draft& d) {
  std::string text = d.name + " " + d.state;
  if (!d.targets.empty()) text += " for " + join(d.targets);
  if (!d.detail.empty()) text += " (" + d.detail + ")";
  return text;
}

// "1GiB" for "1073741824"; the text itself if it is not a whole number.
std::string bytes_text(const std::string& value) {
  long long bytes = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), bytes);
  if (error != std::errc() || end != value.data() + value.size()) return value;
  return format_bytes(static_cast<double>(bytes));
}

// "rollback of checkout started (v2.14.0 → v2.13.2, takes 1m)".
std::string mitigation_text(const RunEvent& e) {
  const std::string action = attribute(e, "action");
  std::vector<std::string> details;
  if (action == "rollback") {
    const std::string to = attribute(e, "to");
    details.push_back(attribute(e, "from") + " → " + (to.empty() ? "the initial version" : to));
  } else if (action == "scale") {
    details.push_back(attribute(e, "previous") + " → " + attribute(e, "replicas") + " replicas");
  } else if (action == "rate-limit") {
    details.push_back("limit " + attribute(e, "limit"));
  } else if (action == "flag") {
    details.push_back("flag " + attribute(e, "flag") + " " + attribute(e, "state"));
  }
  const std::string takes = attribute(e, "takes");
  if (takes == "0s") {
    details.push_back("at once");
  } else if (!takes.empty()) {
    details.push_back("takes " + takes);
  }
  return action + " of " + e.service + " started" +
         (details.empty() ? "" : " (" + join(details) + ")");
}

// "memory_leak on checkout (bytes_per_second=0, bytes_per_request=114688)".
std::string fault_text(const RunEvent& e) {
  std::vector<std::string> params;
  for (const auto& [k, v] : e.attributes) {
    if (k != "fault") params.push_back(k + "=" + v);
  }
  return "fault " + attribute(e, "fault") + " on " + e.service +
         (params.empty() ? "" : " (" + join(params) + ")");
}

std::string fault_cleared_text(const RunEvent& e) {
  const std::string fault = attribute(e, "fault");
  if (fault == "all") return "faults on " + e.service + " end";
  std::string text = "fault " + fault + " on " + e.service + " ends";
  if (has_attribute(e, "other")) text += " (with " + attribute(e, "other") + ")";
  return text;
}

std::string change_text(const ChangeEntry& c, const std::string& from) {
  std::string text;
  if (c.kind == "deploy") {
    text = c.service + " " + (c.version.empty() ? "a new version" : c.version) + " deployed";
  } else if (c.kind == "rollback") {
    text = c.service + " rolled back to " +
           (c.version.empty() ? "its initial version" : c.version) +
           (from.empty() ? "" : " (from " + from + ")");
  } else {
    text = c.service + " " + c.kind + (c.version.empty() ? "" : " " + c.version);
  }
  if (!c.description.empty()) text += ": " + c.description;
  return text;
}

std::string change_kind(const std::string& kind) {
  return kind == "deploy" || kind == "rollback" ? kind : "change";
}

// The share of requests that were bad in the minute starting at `t`, as
// users felt it; none without metrics or requests.
std::optional<double> bad_share_at(const UserImpact& impact, SimTime t) {
  const auto minute = static_cast<std::size_t>(std::max<SimTime>(t, 0) / kMinute);
  if (minute >= impact.minutes.size() || impact.minutes[minute].requests <= 0) return std::nullopt;
  return impact.minutes[minute].bad / impact.minutes[minute].requests;
}

class Builder {
 public:
  Builder(const RunView& run, const ScoreCard& card) : run_(run), card_(card) {}

  std::vector<TimelineEntry> build() {
    add_card_lines();
    if (run_.journal != nullptr) {
      const RunJournal& journal = *run_.journal;
      change_used_.assign(journal.changes.size(), false);
      for (std::size_t i = 0; i < journal.events.size(); ++i) add_event(journal.events[i], i);
      for (std::size_t i = 0; i < journal.changes.size(); ++i) {
        if (change_used_[i]) continue;
        const ChangeEntry& c = journal.changes[i];
        add(c.time, change_kind(c.kind), "", change_text(c, ""), false, 1, i);
      }
    }
    return finish();
  }

 private:
  void add(SimTime time, std::string kind, std::string actor, std::string text, bool truth,
           int group, std::size_t seq) {
    Draft d;
    d.entry = TimelineEntry{time, std::move(kind), std::move(actor), std::move(text), truth};
    d.group = group;
    d.seq = seq;
    drafts_.push_back(std::move(d));
  }

  void add_card_lines() {
    if (!card_.has_incident || !card_.impact.first_hurt) return;
    const ImpactFigures& impact = card_.impact;
    const std::string& service = impact.service;
    std::optional<double> share;
    if (run_.metrics != nullptr) {
      share = bad_share_at(measure_user_impact(run_, card_.rubric.slo, card_.times.onset),
                           *impact.first_hurt);
    }
    const std::string what =
        card_.rubric.slo.latency > 0
            ? "fail or take longer than " + format_duration(card_.rubric.slo.latency)
            : "fail";
    std::string text = share ? "users start failing: " + markdown::percent(*share) + " of " +
                                   service + " requests " + what
                             : "users start failing: " + service + " requests " + what;
    add(*impact.first_hurt, "symptom", "users", std::move(text), true, 3, 0);
    if (impact.impact_end) {
      add(*impact.impact_end, "impact_end", "users",
          "users no longer hurt at " + service + " (" +
              markdown::count(impact.hurt_minutes, "minute") + " of impact)",
          true, 3, 1);
    }
  }

  // The change log entry a deploy or rollback event wrote; none if the
  // change log does not have it.
  std::optional<std::size_t> matching_change(const RunEvent& e) {
    const std::vector<ChangeEntry>& changes = run_.journal->changes;
    for (std::size_t i = 0; i < changes.size(); ++i) {
      const ChangeEntry& c = changes[i];
      if (c.time > e.time) break;
      if (!change_used_[i] && c.time == e.time && c.service == e.service && c.kind == e.kind) {
        change_used_[i] = true;
        return i;
      }
    }
    return std::nullopt;
  }

  void add_alert(const RunEvent& e, std::size_t seq) {
    const std::string state = e.kind == ek::kAlertFiring ? "firing" : "resolved";
    const std::string name = attribute(e, "alertname");
    const auto labels = parse_labels(attribute(e, "labels"));
    std::string severity;
    for (const auto& [k, v] : labels) {
      if (k == "severity") severity = v;
    }
    const auto key = std::make_tuple(e.time / kMinute, state, name, severity);
    if (auto it = alert_lines_.find(key); it != alert_lines_.end()) {
      add_unique(drafts_[it->second].targets, alert_target(e, labels));
      return;
    }
    alert_lines_[key] = drafts_.size();
    add(e.time, "alert", "prometheus", "", false, 2, seq);
    Draft& d = drafts_.back();
    d.state = state;
    d.name = name;
    d.detail = severity;
    add_unique(d.targets, alert_target(e, labels));
  }

  void add_oom(const RunEvent& e, std::size_t seq) {
    const auto key = std::make_pair(e.time / kMinute, e.service);
    if (auto it = oom_lines_.find(key); it != oom_lines_.end()) {
      add_unique(drafts_[it->second].targets, e.instance.empty() ? e.service : e.instance);
      return;
    }
    oom_lines_[key] = drafts_.size();
    add(e.time, "oom", "", "", false, 2, seq);
    Draft& d = drafts_.back();
    d.name = e.service;
    d.detail = bytes_text(attribute(e, "limit_bytes"));
    add_unique(d.targets, e.instance.empty() ? e.service : e.instance);
  }

  void add_event(const RunEvent& e, std::size_t seq) {
    const auto a = [&](std::string_view name) { return attribute(e, name); };
    if (e.kind == ek::kFault) {
      add(e.time, "fault", "", fault_text(e), true, 2, seq);
    } else if (e.kind == ek::kFaultCleared) {
      add(e.time, "fault", "", fault_cleared_text(e), true, 2, seq);
    } else if (e.kind == ek::kSpikeEnded) {
      add(e.time, "fault", "", "traffic spike at " + a("entry") + " ends", true, 2, seq);
    } else if (e.kind == ek::kAlertFiring || e.kind == ek::kAlertResolved) {
      add_alert(e, seq);
    } else if (e.kind == ek::kRuleFailed) {
      add(e.time, "alert", "prometheus", "rule " + a("rule") + " failed: " + a("message"), false, 2,
          seq);
    } else if (e.kind == ek::kIncidentTriggered) {
      incidents_[a("incident")] = {a("team"), a("title"), e.time};
      if (a("paged") == "nobody") {
        add(e.time, "page", "pager",
            "incident #" + a("incident") + " for " + a("team") + " paged nobody: " + a("title"),
            false, 2, seq);
      }
    } else if (e.kind == ek::kPage) {
      const std::string title = incidents_[a("incident")].title;
      add(e.time, "page", "pager",
          "paged " + a("person") + " (" + a("team") + ", level " + a("level") + ")" +
              (title.empty() ? "" : ": " + title),
          false, 2, seq);
    } else if (e.kind == ek::kEscalated) {
      std::string text = "#" + a("incident") + " (" + a("team") + ") escalated to level " +
                         a("to_level") + ": " + a("reason");
      if (a("paged") == "nobody") text += "; nobody was paged";
      add(e.time, "escalated", "pager", std::move(text), false, 2, seq);
    } else if (e.kind == ek::kIncidentRetriggered) {
      std::string text = "#" + a("incident") + " (" + a("team") + ") re-triggered: " + a("reason");
      if (a("paged") == "nobody") text += "; nobody was paged";
      add(e.time, "escalated", "pager", std::move(text), false, 2, seq);
    } else if (e.kind == ek::kIncidentAcknowledged) {
      std::string text = a("person") + " acknowledged #" + a("incident") + " (" + a("team") + ")";
      if (auto it = incidents_.find(a("incident")); it != incidents_.end()) {
        text += ", " + markdown::span(e.time - it->second.triggered) + " after the page";
      }
      add(e.time, "ack", a("person"), std::move(text), false, 2, seq);
    } else if (e.kind == ek::kIncidentResolved) {
      add(e.time, "resolved", a("by"),
          "#" + a("incident") + " (" + a("team") + ") resolved by " + a("by"), false, 2, seq);
    } else if (e.kind == ek::kAction) {
      const std::string verb = a("verb");
      if (verb == "ack") return;  // its incident_acknowledged says it
      if (verb == "resolve") {
        add(e.time, "resolved", a("actor"), a("actor") + " resolved the declared incident", false,
            2, seq);
        return;
      }
      add(e.time, "action", a("actor"), a("actor") + ": " + a("text"), false, 2, seq);
    } else if (e.kind == ek::kActionRefused) {
      add(e.time, "action", a("actor"),
          a("actor") + ": " + a("text") + " (refused: " + a("reason") + ")", false, 2, seq);
    } else if (e.kind == ek::kMitigation) {
      started_.emplace_back(e.time, e.service + "/" + a("action"));
      add(e.time, "mitigation", "", mitigation_text(e), false, 2, seq);
    } else if (e.kind == ek::kMitigationDone) {
      // An instant mitigation's start already says it.
      const auto started = std::make_pair(e.time, e.service + "/" + a("action"));
      if (std::find(started_.begin(), started_.end(), started) != started_.end()) return;
      add(e.time, "mitigation", "", a("action") + " of " + e.service + " took full effect", false,
          2, seq);
    } else if (e.kind == ek::kIncidentFixed) {
      add(e.time, "fixed", "", "the declared fix '" + a("fix") + "' took effect", true, 2, seq);
    } else if (e.kind == ek::kInject) {
      add(e.time, "inject", "facilitator", a("message"), false, 2, seq);
    } else if (e.kind == ek::kOomKilled) {
      add_oom(e, seq);
    } else if (e.kind == ek::kDeploy || e.kind == ek::kRollback) {
      const std::optional<std::size_t> change = matching_change(e);
      ChangeEntry c;
      if (change) {
        c = run_.journal->changes[*change];
      } else {
        c = ChangeEntry{e.time, e.service, e.kind, e.kind == ek::kDeploy ? a("version") : a("to"),
                        ""};
      }
      add(e.time, change_kind(c.kind), "", change_text(c, e.kind == ek::kRollback ? a("from") : ""),
          false, 2, seq);
    }
    // Everything else (pending and cleared alerts, notifications, muted
    // alerts, restarts, replicas ready or held down) is detail the lines
    // above already summarise.
  }

  std::vector<TimelineEntry> finish() {
    for (Draft& d : drafts_) {
      if (d.entry.kind == "alert" && !d.state.empty()) d.entry.text = alert_text(d);
      if (d.entry.kind == "oom") {
        d.entry.text = join(d.targets) + " OOM-killed (memory limit " + d.detail + ")";
      }
    }
    std::stable_sort(drafts_.begin(), drafts_.end(), [](const Draft& x, const Draft& y) {
      return std::tie(x.entry.time, x.group, x.seq) < std::tie(y.entry.time, y.group, y.seq);
    });
    std::vector<TimelineEntry> out;
    std::size_t same_time = 0;  // the first line of `out` at the time of the last one
    for (Draft& d : drafts_) {
      const TimelineEntry& e = d.entry;
      if (!out.empty() && out.back().time != e.time) same_time = out.size();
      const bool repeat = std::any_of(out.begin() + static_cast<std::ptrdiff_t>(same_time),
                                      out.end(), [&](const TimelineEntry& o) {
                                        return o.time == e.time && o.kind == e.kind &&
                                               o.actor == e.actor && o.text == e.text;
                                      });
      if (!repeat) out.push_back(std::move(d.entry));
    }
    return out;
  }

  struct Incident {
    std::string team, title;
    SimTime triggered = 0;
  };

  const RunView& run_;
  const ScoreCard& card_;
  std::vector<Draft> drafts_;
  std::vector<bool> change_used_;
  std::map<std::tuple<SimTime, std::string, std::string, std::string>, std::size_t> alert_lines_;
  std::map<std::pair<SimTime, std::string>, std::size_t> oom_lines_;
  std::map<std::string, Incident> incidents_;
  std::vector<std::pair<SimTime, std::string>> started_;
};

}  // namespace

std::vector<TimelineEntry> build_timeline(const RunView& run, const ScoreCard& card) {
  return Builder(run, card).build();
}

std::string timeline_table(const std::vector<TimelineEntry>& timeline, SimTime start_of_day,
                           bool with_run_time) {
  if (timeline.empty()) return "Nothing happened that the timeline shows.\n";
  std::vector<std::string> header = {"Clock", "Kind", "Who", "What happened"};
  if (with_run_time) header.insert(header.begin(), "Run time");
  std::vector<std::vector<std::string>> rows;
  for (const TimelineEntry& e : timeline) {
    const auto cell = [&](const std::string& text) {
      const std::string escaped = markdown::escape(text);
      return e.ground_truth ? markdown::italic(escaped) : escaped;
    };
    std::vector<std::string> row = {markdown::clock_time(start_of_day, e.time),
                                    cell(e.ground_truth ? e.kind + " (truth)" : e.kind),
                                    cell(e.actor), cell(e.text)};
    if (with_run_time) row.insert(row.begin(), markdown::run_time(e.time));
    rows.push_back(std::move(row));
  }
  return markdown::table(header, {}, rows);
}

}  // namespace firedrill
