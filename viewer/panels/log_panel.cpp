// LogPanel: three tabs of clipped tables over indexes built in advance.
#include "viewer/panels/log_panel.h"

#include <fmt/core.h>

#include <algorithm>
#include <string_view>

#include "sim/model/event_kinds.h"
#include "viewer/panels/widgets.h"
#include "viewer/replay/markers.h"

namespace firedrill::viewer {
namespace {

// Text that may be cut at the column's edge: the whole of it on hover.
void text_with_tooltip(const std::string& text) {
  ImGui::TextUnformatted(text.c_str());
  // Cut: it reaches past the cell (window-local content max, made absolute).
  const float right = ImGui::GetWindowPos().x + ImGui::GetContentRegionMax().x;
  if (ImGui::IsItemHovered() && ImGui::GetItemRectMax().x > right) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

ImVec4 level_color(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return kRed;
    case LogLevel::kWarn:
      return kAmber;
    case LogLevel::kInfo:
      return ImGui::GetStyleColorVec4(ImGuiCol_Text);
    case LogLevel::kDebug:
      break;
  }
  return ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled);
}

ImVec4 change_color(const std::string& kind) {
  if (kind == "deploy") return kBlue;
  if (kind == "rollback") return kAmber;
  return kViolet;
}

// How many of the time-ordered `items` happened at or before `t`.
template <typename Items, typename TimeOf>
std::size_t count_until(const Items& items, SimTime t, TimeOf time_of) {
  return static_cast<std::size_t>(
      std::upper_bound(items.begin(), items.end(), t,
                       [&](SimTime v, const auto& item) { return v < time_of(item); }) -
      items.begin());
}

constexpr ImGuiTableFlags kTableFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY |
                                        ImGuiTableFlags_SizingFixedFit |
                                        ImGuiTableFlags_BordersInnerV;

// The "time of day" switch, at the right end of the current line.
void clock_checkbox(bool* clock_time) {
  const char* label = "time of day";
  const float w =
      ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x + ImGui::CalcTextSize(label).x;
  ImGui::SameLine(std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - w));
  ImGui::Checkbox(label, clock_time);
  if (ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Show times as the clock read in the run (else: time into the run)");
  }
}

// ASCII lower case (log lines and filters are ASCII in practice; other
// bytes are kept as they are).
std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// A label whose count changes without changing the tab's identity.
std::string tab_label(const char* name, std::size_t n) {
  return fmt::format("{} ({})###{}", name, n, name);
}

}  // namespace

bool LogPanel::Follow::scroll_now(std::size_t n) {
  const int now = ImGui::GetFrameCount();
  if (n != count || frame != now - 1) pending = 2;
  count = n;
  frame = now;
  if (pending == 0) return false;
  --pending;
  return true;
}

LogPanel::LogPanel(const Replay& replay) : replay_(replay) {
  const RunJournal& j = replay.recording.journal;
  for (std::size_t i = 0; i < j.events.size(); ++i) {
    const std::string& kind = j.events[i].kind;
    if (kind == event_kind::kAction || kind == event_kind::kActionRefused ||
        kind == event_kind::kInject) {
      actions_.push_back(static_cast<std::uint32_t>(i));
    }
  }
  const std::size_t n_services = replay.recording.services.size();
  logs_by_service_.resize(n_services + 1);
  all_logs_.reserve(j.logs.size());
  // Lines come in runs of one service; remember the last name looked up.
  std::string last_name;
  std::size_t last_index = n_services;
  for (std::size_t i = 0; i < j.logs.size(); ++i) {
    const std::string& name = j.logs[i].service;
    if (i == 0 || name != last_name) {
      last_name = name;
      last_index = replay.find_service(name).value_or(n_services);
    }
    logs_by_service_[last_index].push_back(static_cast<std::uint32_t>(i));
    all_logs_.push_back(static_cast<std::uint32_t>(i));
  }
}

void LogPanel::draw(ViewContext& ctx) {
  const SimTime t = ctx.playback.cursor();
  const RunJournal& j = replay_.recording.journal;
  const std::size_t n_actions =
      count_until(actions_, t, [&](std::uint32_t i) { return j.events[i].time; });
  const std::size_t n_changes =
      count_until(j.changes, t, [](const ChangeEntry& c) { return c.time; });
  refilter(ctx.selected);
  const std::size_t n_logs =
      count_until(shown_, t, [&](std::uint32_t i) { return j.logs[i].time; });
  if (!ImGui::BeginTabBar("log_tabs")) return;
  if (ImGui::BeginTabItem(tab_label("Actions", n_actions).c_str())) {
    draw_actions(ctx, t);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem(tab_label("Logs", n_logs).c_str())) {
    draw_logs(ctx, t);
    ImGui::EndTabItem();
  }
  if (ImGui::BeginTabItem(tab_label("Changes", n_changes).c_str())) {
    draw_changes(ctx, t);
    ImGui::EndTabItem();
  }
  ImGui::EndTabBar();
}

void LogPanel::draw_actions(ViewContext& ctx, SimTime t) {
  const RunJournal& j = replay_.recording.journal;
  const std::size_t n = count_until(actions_, t, [&](std::uint32_t i) { return j.events[i].time; });
  std::size_t refused = 0, injects = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::string& kind = j.events[actions_[k]].kind;
    refused += kind == event_kind::kActionRefused ? 1 : 0;
    injects += kind == event_kind::kInject ? 1 : 0;
  }
  const std::size_t acted = n - injects;
  dim(fmt::format("{} action{} ({} refused), {} inject{}", acted, acted == 1 ? "" : "s", refused,
                  injects, injects == 1 ? "" : "s")
          .c_str());
  clock_checkbox(&clock_time_);
  if (n == 0) {
    dim(actions_.empty() ? "Nobody acted in this run, and the facilitator sent no inject."
                         : "Nobody has acted yet.");
    return;
  }
  if (!ImGui::BeginTable("actions", 3, kTableFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Who", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Action", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
      const RunEvent& e = j.events[actions_[static_cast<std::size_t>(k)]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      time_link(ctx, e.time, k, clock_time_);
      ImGui::TableNextColumn();
      if (e.kind == event_kind::kInject) {
        colored(kViolet, "facilitator");
        ImGui::TableNextColumn();
        ImGui::PushStyleColor(ImGuiCol_Text, kViolet);
        text_with_tooltip(attribute(e, "message"));
        ImGui::PopStyleColor();
      } else if (e.kind == event_kind::kActionRefused) {
        ImGui::TextUnformatted(attribute(e, "actor").c_str());
        ImGui::TableNextColumn();
        colored(kRed, "refused");
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
        text_with_tooltip(attribute(e, "text") + ": " + attribute(e, "reason"));
        ImGui::PopStyleColor();
      } else {
        ImGui::TextUnformatted(attribute(e, "actor").c_str());
        ImGui::TableNextColumn();
        text_with_tooltip(attribute(e, "text"));
      }
    }
  }
  if (follow_actions_.scroll_now(n)) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

void LogPanel::refilter(std::optional<std::size_t> service) {
  const std::string text = filter_.InputBuf;
  if (shown_valid_ && service == shown_service_ && text == shown_filter_) return;
  shown_valid_ = true;
  shown_service_ = service;
  shown_filter_ = text;
  const std::vector<std::uint32_t>& lines =
      service && *service < logs_by_service_.size() ? logs_by_service_[*service] : all_logs_;
  shown_.clear();
  if (!filter_.IsActive()) {
    shown_ = lines;
    return;
  }
  // ImGuiTextFilter's own PassFilter compares a character at a time and
  // takes ~10 ms over 20,000 lines, a visible stall on every keystroke. Its
  // syntax is matched here instead, on lines lowered once and with
  // std::string_view::find, which is several times faster.
  std::vector<std::string> include, exclude;
  for (const ImGuiTextFilter::ImGuiTextRange& r : filter_.Filters) {
    std::string term = lower(std::string_view(r.b, static_cast<std::size_t>(r.e - r.b)));
    if (term.empty()) continue;
    if (term[0] == '-') {
      if (term.size() > 1) exclude.push_back(term.substr(1));
    } else {
      include.push_back(std::move(term));
    }
  }
  if (lowered_at_.empty()) lower_logs();
  for (std::uint32_t i : lines) {
    const std::string_view hay =
        std::string_view(lowered_).substr(lowered_at_[i], lowered_at_[i + 1] - lowered_at_[i]);
    const auto found = [hay](const std::string& term) {
      return hay.find(term) != std::string_view::npos;
    };
    if (std::any_of(exclude.begin(), exclude.end(), found)) continue;
    if (include.empty() || std::any_of(include.begin(), include.end(), found)) {
      shown_.push_back(i);
    }
  }
}

void LogPanel::lower_logs() {
  const std::vector<LogLine>& logs = replay_.recording.journal.logs;
  lowered_at_.reserve(logs.size() + 1);
  for (const LogLine& l : logs) {
    lowered_at_.push_back(lowered_.size());
    // The line as the table shows it: level, source, message.
    lowered_ += log_level_name(l.level);
    lowered_ += ' ';
    lowered_ += l.instance.empty() ? l.service : l.instance;
    lowered_ += ' ';
    lowered_ += l.message;
  }
  lowered_at_.push_back(lowered_.size());
  lowered_ = lower(lowered_);
}

void LogPanel::draw_logs(ViewContext& ctx, SimTime t) {
  const std::vector<LogLine>& logs = replay_.recording.journal.logs;
  // The filter takes about half the line, the service's name and the
  // clock switch the rest.
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x * 0.45f, 80.0f));
  if (ImGui::InputTextWithHint("##filter", "filter: word, -word", filter_.InputBuf,
                               IM_ARRAYSIZE(filter_.InputBuf))) {
    filter_.Build();
  }
  ImGui::SameLine();
  const bool all = !ctx.selected || *ctx.selected >= replay_.recording.services.size();
  dim(all ? "all services" : replay_.recording.services[*ctx.selected].name.c_str());
  if (all && ImGui::IsItemHovered()) {
    ImGui::SetTooltip("Select a service (in the graph) to see its lines only");
  }
  clock_checkbox(&clock_time_);

  refilter(ctx.selected);
  const std::size_t n = count_until(shown_, t, [&](std::uint32_t i) { return logs[i].time; });
  if (n == 0) {
    dim(logs.empty()         ? "This run logged nothing."
        : filter_.IsActive() ? "No line matches the filter yet."
        : all                ? "Nothing logged yet."
                             : "This service has logged nothing yet.");
    return;
  }
  if (!ImGui::BeginTable("logs", 4, kTableFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Level", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Source", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Message", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
      const LogLine& l = logs[shown_[static_cast<std::size_t>(k)]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      time_link(ctx, l.time, k, clock_time_);
      ImGui::TableNextColumn();
      colored(level_color(l.level), std::string(log_level_name(l.level)).c_str());
      ImGui::TableNextColumn();
      dim((l.instance.empty() ? l.service : l.instance).c_str());
      ImGui::TableNextColumn();
      ImGui::PushStyleColor(ImGuiCol_Text, level_color(l.level));
      text_with_tooltip(l.message);
      ImGui::PopStyleColor();
    }
  }
  if (follow_logs_.scroll_now(n)) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

void LogPanel::draw_changes(ViewContext& ctx, SimTime t) {
  const std::vector<ChangeEntry>& changes = replay_.recording.journal.changes;
  const std::size_t n = count_until(changes, t, [](const ChangeEntry& c) { return c.time; });
  dim(fmt::format("{} change{} so far", n, n == 1 ? "" : "s").c_str());
  clock_checkbox(&clock_time_);
  if (n == 0) {
    dim(changes.empty() ? "Nothing was deployed, rolled back or reconfigured in this run."
                        : "Nothing has changed yet.");
    return;
  }
  if (!ImGui::BeginTable("changes", 4, kTableFlags)) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Time", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Service", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Change", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("Description", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(n));
  while (clipper.Step()) {
    for (int k = clipper.DisplayStart; k < clipper.DisplayEnd; ++k) {
      const ChangeEntry& c = changes[static_cast<std::size_t>(k)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      time_link(ctx, c.time, k, clock_time_);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(c.service.c_str());
      ImGui::TableNextColumn();
      colored(change_color(c.kind), c.kind.c_str());
      if (!c.version.empty()) {
        ImGui::SameLine();
        ImGui::TextUnformatted(c.version.c_str());
      }
      ImGui::TableNextColumn();
      text_with_tooltip(c.description);
    }
  }
  if (follow_changes_.scroll_now(n)) ImGui::SetScrollHereY(1.0f);
  ImGui::EndTable();
}

}  // namespace firedrill::viewer
