// Actions and log, in three tabs, each up to the cursor and oldest first,
// scrolled to the newest line when the cursor moves: the trainees' actions
// (refused ones too) and the facilitator's injects; the synthetic logs of
// the selected service (all services when none is), with a text filter; the
// change log (deploys, rollbacks, config). Clicking a time puts the cursor
// there.
//
// A run may log tens of thousands of lines, so everything a frame needs is
// indexed once: per-service line lists in the constructor, the filtered list
// when the selection or the filter changes; a frame binary-searches the
// cursor and draws only the visible rows.
#pragma once

#include <imgui.h>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "viewer/app/view_context.h"

namespace firedrill::viewer {

class LogPanel {
 public:
  explicit LogPanel(const Replay& replay);
  // Draws the panel's contents inside the current ImGui window.
  void draw(ViewContext& ctx);

 private:
  // Keeps a table scrolled to its newest row when rows appear or go (the
  // cursor moved) or when it is shown again, and leaves it where the user
  // scrolled it otherwise.
  struct Follow {
    std::size_t count = SIZE_MAX;
    int frame = -1;   // ImGui frame it was last drawn in
    int pending = 0;  // frames left to scroll in (a new table settles first)
    // Whether to scroll to the bottom this frame, with `n` rows shown.
    bool scroll_now(std::size_t n);
  };

  void draw_actions(ViewContext& ctx, SimTime t);
  void draw_logs(ViewContext& ctx, SimTime t);
  void draw_changes(ViewContext& ctx, SimTime t);
  // Rebuilds shown_ for the selected service and the filter, if they changed.
  void refilter(std::optional<std::size_t> service);
  // Fills lowered_ (on the first use of the filter, not to slow opening).
  void lower_logs();

  const Replay& replay_;
  // journal.events indexes of `action`, `action_refused` and `inject`.
  std::vector<std::uint32_t> actions_;
  // journal.logs indexes per service index; the last list holds the lines
  // of services the recording does not list.
  std::vector<std::vector<std::uint32_t>> logs_by_service_;
  std::vector<std::uint32_t> all_logs_;  // every line, for "all services"
  // The lines of the selected service passing the filter, in time order.
  std::vector<std::uint32_t> shown_;
  std::optional<std::size_t> shown_service_;
  std::string shown_filter_;
  bool shown_valid_ = false;
  ImGuiTextFilter filter_;  // its text box and parsed terms; matching is ours
  // Every log line as shown (level, source, message) in lower case, end to
  // end; line i is [lowered_at_[i], lowered_at_[i + 1]).
  std::string lowered_;
  std::vector<std::size_t> lowered_at_;
  bool clock_time_ = false;
  Follow follow_actions_, follow_logs_, follow_changes_;
};

}  // namespace firedrill::viewer
