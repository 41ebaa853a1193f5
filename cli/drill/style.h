// How the drill console's text looks: lines tagged with a tone, rendered with
// plain ANSI colours when the output is a terminal that wants them (not
// NO_COLOR, not TERM=dumb), and Unicode or ASCII sparklines by locale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill::cli::drill {

enum class Tone {
  kPlain,
  kDim,      // routine: replicas ready, pending alerts, notifications
  kBad,      // alerts firing, OOM kills, refused actions
  kGood,     // resolved, done, applied
  kPage,     // a page or an escalation: someone's phone rings
  kInject,   // a facilitator's message: the most visible
  kHeading,  // a view's title
};

struct Line {
  Tone tone = Tone::kPlain;
  std::string text;
};
using Lines = std::vector<Line>;

struct Style {
  bool color = false;    // ANSI colours and bold
  bool unicode = false;  // Unicode block characters for sparklines

  // From the environment: colour if `is_terminal` and neither NO_COLOR nor
  // TERM=dumb; Unicode if the locale (LC_ALL, LC_CTYPE, LANG) says UTF-8.
  static Style detect(bool is_terminal);

  // `line` with its tone's colour, and a newline.
  std::string render(const Line& line) const;
  std::string render(const Lines& lines) const;
};

// Columns `text` takes on a terminal: UTF-8 code points, escape sequences
// (ESC [ ... letter) excluded. Good enough for the console's own text.
std::size_t display_width(std::string_view text);

}  // namespace firedrill::cli::drill
