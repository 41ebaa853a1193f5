// Small pieces every panel draws the same way: the palette, dimmed and
// coloured text, run times without needless milliseconds, and a run time
// that moves the cursor when clicked.
#pragma once

#include <imgui.h>

#include <string>

#include "sim/base/time.h"
#include "viewer/app/view_context.h"

namespace firedrill::viewer {

// The palette of states and links, one meaning each across the panels.
inline const ImVec4 kRed(0.94f, 0.33f, 0.29f, 1.0f);    // firing, failed, refused
inline const ImVec4 kAmber(1.0f, 0.72f, 0.24f, 1.0f);   // pending, acknowledged, partial
inline const ImVec4 kGreen(0.42f, 0.82f, 0.45f, 1.0f);  // resolved, full marks
inline const ImVec4 kGrey(0.56f, 0.56f, 0.6f, 1.0f);    // over, not applicable
inline const ImVec4 kBlue(0.55f, 0.72f, 1.0f, 1.0f);    // responders
inline const ImVec4 kViolet(0.72f, 0.6f, 1.0f, 1.0f);   // the facilitator
inline const ImVec4 kLink(0.45f, 0.7f, 1.0f, 1.0f);     // clickable times

void colored(const ImVec4& color, const char* text);
// Text in the style's disabled colour.
void dim(const char* text);
inline void dim(const std::string& text) {
  dim(text.c_str());
}
// Dimmed text wrapped at the window's edge.
void dim_wrapped(const std::string& text);

// A run time as "00:40:30", with milliseconds only when there are any
// ("00:40:30.250").
std::string run_clock(SimTime t);
// The clock time of day at run time `t`: "09:40:30".
std::string clock_of_day(const Replay& replay, SimTime t);

// A run time drawn as a link (as the time of day with `show_clock_time`):
// hovering shows the other clock, clicking asks the frame to put the cursor
// there (ctx.jump_to). `id` tells apart links in one row.
void time_link(ViewContext& ctx, SimTime t, int id, bool show_clock_time = false);

}  // namespace firedrill::viewer
