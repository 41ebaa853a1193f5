// build_markers: which events become marks, and what each says.
#include "viewer/replay/markers.h"

#include <fmt/core.h>
#include <algorithm>
#include <optional>

#include "sim/model/event_kinds.h"

namespace firedrill::viewer {
namespace ek = event_kind;

const char* marker_kind_name(MarkerKind kind) {
  switch (kind) {
    case MarkerKind::kFault:
      return "fault";
    case MarkerKind::kAlertFiring:
      return "alert firing";
    case MarkerKind::kAlertResolved:
      return "alert resolved";
    case MarkerKind::kPage:
      return "page";
    case MarkerKind::kEscalation:
      return "escalation";
    case MarkerKind::kAction:
      return "action";
    case MarkerKind::kMitigation:
      return "mitigation";
    case MarkerKind::kInject:
      return "inject";
    case MarkerKind::kResolution:
      return "resolution";
    case MarkerKind::kChange:
      return "change";
  }
  return "?";
}

const std::string& attribute(const RunEvent& event, std::string_view name) {
  static const std::string kNone;
  for (const auto& [key, value] : event.attributes) {
    if (key == name) return value;
  }
  return kNone;
}

namespace {

std::string on_service(const RunEvent& e) {
  return e.service.empty() ? std::string() : " on " + e.service;
}

// The marker an event makes, if it makes one.
std::optional<Marker> marker_of(const RunEvent& e) {
  Marker m;
  m.time = e.time;
  m.service = e.service;
  const auto a = [&](std::string_view name) -> const std::string& { return attribute(e, name); };
  if (e.kind == ek::kFault) {
    m.kind = MarkerKind::kFault;
    m.ground_truth = true;
    m.text = fmt::format("fault {} starts{}", a("fault"), on_service(e));
  } else if (e.kind == ek::kFaultCleared) {
    m.kind = MarkerKind::kFault;
    m.ground_truth = true;
    m.text = fmt::format("fault {} ends{}", a("fault"), on_service(e));
  } else if (e.kind == ek::kAlertFiring) {
    m.kind = MarkerKind::kAlertFiring;
    m.text = fmt::format("alert {} firing{}", a("alertname"), on_service(e));
  } else if (e.kind == ek::kAlertResolved) {
    m.kind = MarkerKind::kAlertResolved;
    m.text = fmt::format("alert {} resolved{}", a("alertname"), on_service(e));
  } else if (e.kind == ek::kPage) {
    m.kind = MarkerKind::kPage;
    m.text =
        fmt::format("paged {} ({}, level {}): {}", a("person"), a("team"), a("level"), a("reason"));
  } else if (e.kind == ek::kIncidentTriggered && a("paged") == "nobody") {
    m.kind = MarkerKind::kPage;
    m.text = fmt::format("incident {} for {} paged nobody", a("incident"), a("team"));
  } else if (e.kind == ek::kEscalated) {
    m.kind = MarkerKind::kEscalation;
    m.text = fmt::format("incident {} ({}) escalated to level {}: {}", a("incident"), a("team"),
                         a("to_level"), a("reason"));
  } else if (e.kind == ek::kIncidentRetriggered) {
    m.kind = MarkerKind::kEscalation;
    m.text =
        fmt::format("incident {} ({}) re-triggered: {}", a("incident"), a("team"), a("reason"));
  } else if (e.kind == ek::kAction) {
    m.kind = a("verb") == "resolve" ? MarkerKind::kResolution : MarkerKind::kAction;
    m.text = fmt::format("{}: {}", a("actor"), a("text"));
  } else if (e.kind == ek::kActionRefused) {
    m.kind = MarkerKind::kAction;
    m.text = fmt::format("{}: {} (refused: {})", a("actor"), a("text"), a("reason"));
  } else if (e.kind == ek::kMitigation) {
    m.kind = MarkerKind::kMitigation;
    m.text =
        fmt::format("mitigation {} starts{} (takes {})", a("action"), on_service(e), a("takes"));
  } else if (e.kind == ek::kMitigationDone) {
    m.kind = MarkerKind::kMitigation;
    m.text = fmt::format("mitigation {} done{}", a("action"), on_service(e));
  } else if (e.kind == ek::kIncidentFixed) {
    m.kind = MarkerKind::kMitigation;
    m.ground_truth = true;
    m.text = fmt::format("fixed: {} took effect", a("fix"));
  } else if (e.kind == ek::kInject) {
    m.kind = MarkerKind::kInject;
    m.text = fmt::format("facilitator: {}", a("message"));
  } else if (e.kind == ek::kIncidentResolved) {
    m.kind = MarkerKind::kResolution;
    m.text = fmt::format("incident {} ({}) resolved by {}", a("incident"), a("team"), a("by"));
  } else {
    return std::nullopt;
  }
  return m;
}

}  // namespace

std::vector<Marker> build_markers(const RunJournal& journal) {
  std::vector<Marker> out;
  for (const RunEvent& e : journal.events) {
    if (auto m = marker_of(e)) out.push_back(std::move(*m));
  }
  for (const ChangeEntry& c : journal.changes) {
    Marker m;
    m.time = c.time;
    m.kind = MarkerKind::kChange;
    m.service = c.service;
    m.text = c.version.empty()
                 ? fmt::format("{} {}: {}", c.kind, c.service, c.description)
                 : fmt::format("{} {} {}: {}", c.kind, c.service, c.version, c.description);
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Marker& x, const Marker& y) { return x.time < y.time; });
  return out;
}

}  // namespace firedrill::viewer
