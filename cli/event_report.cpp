#include "cli/event_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>

#include "sim/base/time.h"
#include "sim/model/event_kinds.h"

namespace firedrill::cli {
namespace {

constexpr std::size_t kMaxPagingLines = 30;

std::string attribute(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

// The line for a paging event; "" for one the report leaves out.
std::string paging_line(const RunEvent& e) {
  const auto a = [&](std::string_view name) { return attribute(e, name); };
  const std::string incident = "#" + a("incident");
  if (e.kind == "notification") {
    return fmt::format("notified {}: {} ({})", a("receiver"), a("title"), a("reason"));
  }
  if (e.kind == "alert_muted") return fmt::format("muted {}: {}", a("alertname"), a("by"));
  if (e.kind == "incident_triggered") {
    return fmt::format("incident {} triggered for team {}: {}", incident, a("team"), a("title"));
  }
  if (e.kind == "page") {
    return fmt::format("paged {} ({} level {}, {}): {}", a("person"), incident, a("level"),
                       a("via"), a("reason"));
  }
  if (e.kind == "escalated") {
    return fmt::format("escalated {} to level {}: {}", incident, a("to_level"), a("reason"));
  }
  if (e.kind == "incident_acknowledged") {
    return fmt::format("incident {} acknowledged by {}", incident, a("person"));
  }
  if (e.kind == "incident_retriggered") {
    return fmt::format("incident {} re-triggered: {}", incident, a("reason"));
  }
  if (e.kind == "incident_resolved") {
    return fmt::format("incident {} resolved by {}", incident, a("by"));
  }
  return "";
}

}  // namespace

void print_alerts(std::FILE* out, const std::vector<RunEvent>& events) {
  std::vector<const RunEvent*> shown;
  for (const RunEvent& e : events) {
    if (e.kind == "alert_firing" || e.kind == "alert_resolved" || e.kind == "rule_failed") {
      shown.push_back(&e);
    }
  }
  if (shown.empty()) {
    fmt::print(out, "\nalerts: none fired\n");
    return;
  }
  fmt::print(out, "\nalerts:\n");
  constexpr std::size_t kMaxLines = 20;
  for (std::size_t i = 0; i < shown.size() && i < kMaxLines; ++i) {
    const RunEvent& e = *shown[i];
    const auto a = [&](std::string_view name) { return attribute(e, name); };
    if (e.kind == "rule_failed") {
      fmt::print(out, "  {}  rule {} failed: {}\n", format_clock(e.time), a("rule"), a("message"));
    } else {
      const char* what = e.kind == "alert_firing" ? "FIRING" : "resolved";
      // The labels without alertname, which the line already shows.
      std::string labels = a("labels");
      const std::string name = "alertname=\"" + a("alertname") + "\"";
      if (const std::size_t at = labels.find(name); at != std::string::npos) {
        if (labels.compare(at + name.size(), 2, ", ") == 0) {
          labels.erase(at,
                       name.size() + 2);  // {alertname="X", b="y"} or {a="x", alertname="X", ...}
        } else if (at >= 2 && labels.compare(at - 2, 2, ", ") == 0) {
          labels.erase(at - 2, name.size() + 2);  // {a="x", alertname="X"}
        } else {
          labels.erase(at, name.size());  // {alertname="X"}
        }
      }
      fmt::print(out, "  {}  {:<8} {} {}\n", format_clock(e.time), what, a("alertname"), labels);
    }
  }
  if (shown.size() > kMaxLines) {
    fmt::print(out, "  ... and {} more (see the recording's events)\n", shown.size() - kMaxLines);
  }
}

void print_paging(std::FILE* out, const std::vector<RunEvent>& events) {
  std::vector<std::pair<SimTime, std::string>> lines;
  for (const RunEvent& e : events) {
    std::string line = paging_line(e);
    if (!line.empty()) lines.emplace_back(e.time, std::move(line));
  }
  if (lines.empty()) {
    fmt::print(out, "\npaging: nobody was notified\n");
    return;
  }
  fmt::print(out, "\npaging:\n");
  for (std::size_t i = 0; i < lines.size() && i < kMaxPagingLines; ++i) {
    fmt::print(out, "  {}  {}\n", format_clock(lines[i].first), lines[i].second);
  }
  if (lines.size() > kMaxPagingLines) {
    fmt::print(out, "  ... and {} more (see the recording's events)\n",
               lines.size() - kMaxPagingLines);
  }
}

namespace {

std::string attribute_of(const RunEvent& e, std::string_view name) {
  for (const auto& [k, v] : e.attributes) {
    if (k == name) return v;
  }
  return "";
}

std::string response_line(const RunEvent& e) {
  if (e.kind == event_kind::kAction) {
    return attribute_of(e, "actor") + ": " + attribute_of(e, "text");
  }
  if (e.kind == event_kind::kActionRefused) {
    return attribute_of(e, "actor") + ": " + attribute_of(e, "text") +
           "  REFUSED: " + attribute_of(e, "reason");
  }
  if (e.kind == event_kind::kMitigation) {
    return "  " + attribute_of(e, "action") + " of " + e.service + " started (takes " +
           attribute_of(e, "takes") + ")";
  }
  if (e.kind == event_kind::kMitigationDone) {
    return "  " + attribute_of(e, "action") + " of " + e.service + " done";
  }
  if (e.kind == event_kind::kIncidentFixed) {
    return "  the declared fix '" + attribute_of(e, "fix") + "' took effect";
  }
  return "";
}

}  // namespace

void print_response(std::FILE* out, const std::vector<RunEvent>& events) {
  // (time, 0 for an action and 1 for what the model did, line): the model
  // records a mitigation's start before the desk records the action that
  // started it; the report puts the action first.
  std::vector<std::tuple<SimTime, int, std::string>> lines;
  for (const RunEvent& e : events) {
    std::string line = response_line(e);
    const bool action = e.kind == event_kind::kAction || e.kind == event_kind::kActionRefused;
    if (!line.empty()) lines.emplace_back(e.time, action ? 0 : 1, std::move(line));
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  if (lines.empty()) {
    fmt::print(out, "\nresponse: no actions\n");
    return;
  }
  fmt::print(out, "\nresponse:\n");
  for (const auto& [time, order, line] : lines) {
    fmt::print(out, "  {}  {}\n", format_clock(time), line);
  }
}

}  // namespace firedrill::cli
