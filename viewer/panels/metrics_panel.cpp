// MetricsPanel: six TimePlots in a 2 x 3 grid filling the panel, fed from the
// replay's derived series, with each service's threshold lines prepared once.
#include "viewer/panels/metrics_panel.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>

namespace firedrill::viewer {
namespace {

// Series colours (Grafana's palette, kept clear of the severity colours the
// threshold lines use).
constexpr ImU32 kBlue = IM_COL32(87, 148, 242, 255);
constexpr ImU32 kPurple = IM_COL32(184, 119, 217, 255);
constexpr ImU32 kTeal = IM_COL32(76, 199, 190, 255);
constexpr ImU32 kGreen = IM_COL32(115, 191, 105, 255);
constexpr ImU32 kSky = IM_COL32(138, 184, 255, 255);
constexpr ImU32 kReference = IM_COL32(190, 192, 200, 200);  // the limit, desired replicas
// Whole-pixel widths: Dear ImGui draws those from its baked line texture, a
// third of the triangles of a fractional width (the plots are most of a
// frame's cost in a software renderer).
constexpr float kLine = 2.0f;

// Threshold colours by the rule's severity label.
constexpr ImU32 kPage = IM_COL32(242, 73, 92, 255);
constexpr ImU32 kTicket = IM_COL32(255, 152, 48, 255);
constexpr ImU32 kWarning = IM_COL32(250, 222, 42, 255);
constexpr ImU32 kOtherSeverity = IM_COL32(170, 170, 180, 255);

ImU32 severity_color(const std::string& severity) {
  if (severity == "page" || severity == "critical") return kPage;
  if (severity == "ticket") return kTicket;
  if (severity == "warning") return kWarning;
  return kOtherSeverity;
}

std::size_t index_of(PlotKind kind) {
  return static_cast<std::size_t>(kind);
}

// What each plot shows, for titles and line tooltips.
struct PlotInfo {
  const char* id;
  const char* title;
  const char* quantity;  // "the error ratio > 5%"
  Unit unit;
  bool windowed;  // a rate over the replay's window, rather than a gauge at each scrape
};
constexpr PlotInfo kInfo[] = {
    {"##rate", "Request rate", "the request rate", Unit::kRequestsPerSecond, true},
    {"##errors", "Errors (5xx)", "the error ratio", Unit::kRatio, true},
    {"##p99", "Latency p99", "the p99 latency", Unit::kSeconds, true},
    {"##memory", "Memory, max replica", "memory", Unit::kBytes, false},
    {"##cpu", "CPU", "CPU", Unit::kRatio, false},
    {"##replicas", "Replicas up", "replicas up", Unit::kCount, false},
};
// kInfo is indexed by PlotKind.
static_assert(std::size(kInfo) == 6 && static_cast<int>(PlotKind::kReplicas) == 5);

// The largest value of a series (NaN if it has none): a service's memory
// limit, constant over a run.
float largest(const std::vector<float>& values) {
  float out = std::nanf("");
  for (float v : values) {
    if (!std::isnan(v) && !(v <= out)) out = v;
  }
  return out;
}

// What the tooltip of a threshold line says: the rule, when it fires, the
// window it measures over against the plot's, and its expression.
std::string line_tooltip(const Threshold& t, const PlotInfo& info, double line_value,
                         SimTime plot_window) {
  // The alert's name heads the tooltip already (the line's label).
  std::string out = t.severity.empty() ? "no severity label" : "severity " + t.severity;
  out += "\nfires when " + std::string(info.quantity) + " " + comparison_symbol(t.op) + " ";
  if (t.of_limit) {
    out += format_value(t.value, Unit::kRatio) + " of the limit (" +
           format_value(line_value, info.unit) + ")";
  } else {
    out += format_value(t.value, info.unit);
  }
  if (t.for_duration > 0) out += " for " + format_duration(t.for_duration);
  if (!t.window.empty()) {
    out += "\nrule window " + t.window + "; this plot: " +
           (info.windowed ? format_duration(plot_window) : std::string("each scrape"));
  }
  out += "\n" + t.expr;
  return out;
}

}  // namespace

MetricsPanel::MetricsPanel(const Replay& replay) : replay_(replay) {
  const std::vector<ServiceSeries>& services = replay.series.services;
  // The entry service of the traffic: where a user would look first.
  if (replay.scenario && !replay.scenario->traffic.empty()) {
    if (auto i = replay.find_service(replay.scenario->traffic.front().entry)) default_service_ = *i;
  }
  lines_.resize(services.size());
  has_limit_.resize(services.size());
  for (std::size_t s = 0; s < services.size(); ++s) {
    has_limit_[s] = !std::isnan(largest(services[s].memory_limit));
    for (const Threshold& t : replay.thresholds) {
      if (!applies_to(t, services[s].name)) continue;
      const PlotInfo& info = kInfo[index_of(t.plot)];
      double value = t.value;
      if (t.of_limit) {
        // Relative to the limit: drawn at that share of it (no limit, no line).
        const float limit = largest(services[s].memory_limit);
        if (std::isnan(limit)) continue;
        value *= limit;
      }
      PlotLine line;
      line.value = value;
      line.color = severity_color(t.severity);
      line.label = t.alert;
      line.tooltip = line_tooltip(t, info, value, replay.series.rate_window);
      lines_[s][index_of(t.plot)].push_back(std::move(line));
    }
  }
}

void MetricsPanel::draw(ViewContext& ctx) {
  const std::vector<ServiceSeries>& services = replay_.series.services;
  if (services.empty()) {
    ImGui::TextDisabled("This recording has no services.");
    return;
  }
  const bool chosen = ctx.selected && *ctx.selected < services.size();
  const std::size_t s = chosen ? *ctx.selected : std::min(default_service_, services.size() - 1);
  const ServiceSeries& series = services[s];

  ImGui::TextUnformatted(series.name.c_str());
  ImGui::SameLine();
  if (chosen) {
    ImGui::TextDisabled("rates over %s windows; click a plot to move the cursor",
                        format_duration(replay_.series.rate_window).c_str());
  } else {
    ImGui::TextDisabled("(entry service) click a service in the graph to select it");
  }

  const SimTime cursor = ctx.playback.cursor();
  const std::size_t k = replay_.series.index_at(cursor);
  auto at = [&](const std::vector<float>& v) {
    return k < v.size() ? static_cast<double>(v[k]) : std::nan("");
  };

  const ImVec2 spacing = ImGui::GetStyle().ItemSpacing;
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const ImVec2 cell((avail.x - spacing.x) / 2, (avail.y - 2 * spacing.y) / 3);

  for (std::size_t p = 0; p < kPlots; ++p) {
    const PlotInfo& info = kInfo[p];
    PlotSpec& spec = spec_;
    spec.id = info.id;
    spec.title = info.title;
    spec.unit = info.unit;
    spec.step = replay_.series.step;
    spec.end = replay_.end();
    spec.cursor = cursor;
    spec.series.clear();
    spec.lines = lines_[s][p];
    spec.min_top = 0;
    spec.max_top = std::numeric_limits<double>::infinity();
    spec.integer_ticks = false;
    // The plots share the time axis: only the bottom row labels it, which
    // leaves the plots above room for data in a small window.
    spec.time_labels = p + 2 >= kPlots;
    switch (static_cast<PlotKind>(p)) {
      case PlotKind::kRequestRate:
        spec.series.push_back({&series.request_rate, "requests", kBlue, kLine, true, false});
        spec.title_value = format_value(at(series.request_rate), info.unit);
        spec.min_top = 1;
        break;
      case PlotKind::kErrorRatio:
        spec.series.push_back({&series.error_ratio, "5xx", kPurple, kLine, true, false});
        spec.title_value = format_value(at(series.error_ratio), info.unit);
        // At least 0..1%, so that a healthy service's 0.1% does not fill
        // the plot like an outage.
        spec.min_top = 0.01;
        spec.max_top = 1;
        break;
      case PlotKind::kP99:
        spec.series.push_back({&series.p99_seconds, "p99", kTeal, kLine, true, false});
        spec.title_value = format_value(at(series.p99_seconds), info.unit);
        spec.min_top = 0.01;
        break;
      case PlotKind::kMemory: {
        spec.series.push_back(
            {&series.memory_bytes, "largest replica", kGreen, kLine, true, false});
        if (has_limit_[s]) {
          spec.series.push_back({&series.memory_limit, "limit", kReference, 1.0f, false, false});
        }
        const double memory = at(series.memory_bytes);
        const double limit = at(series.memory_limit);
        spec.title_value = format_value(memory, info.unit);
        if (!std::isnan(limit)) {
          spec.title_value +=
              (std::isnan(memory) ? ", limit " : " of ") + format_value(limit, info.unit);
        }
        break;
      }
      case PlotKind::kCpu:
        spec.series.push_back({&series.cpu, "cpu", kSky, kLine, true, false});
        spec.title_value = format_value(at(series.cpu), info.unit);
        spec.min_top = 0.1;
        spec.max_top = 1;
        break;
      case PlotKind::kReplicas: {
        spec.series.push_back({&series.replicas_up, "up", kGreen, kLine, true, false});
        spec.series.push_back(
            {&series.replicas_desired, "desired", kReference, 1.0f, false, false});
        spec.title_value = format_value(at(series.replicas_up), info.unit);
        const double desired = at(series.replicas_desired);
        if (!std::isnan(desired)) spec.title_value += " of " + format_value(desired, info.unit);
        spec.min_top = 1;
        spec.integer_ticks = true;
        break;
      }
    }
    if (p % 2 == 1) ImGui::SameLine();
    const PlotResult result = plot_.draw(spec, cell);
    if (result.pressed_at) ctx.jump_to = *result.pressed_at;
  }
}

}  // namespace firedrill::viewer
