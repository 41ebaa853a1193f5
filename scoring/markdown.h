// Small Markdown helpers for the reports scoring writes (the debrief and the
// postmortem draft): escaping text that came from a scenario or a trainee,
// tables, and the run times and clock times those reports show.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/base/time.h"

namespace firedrill::markdown {

// `text` as literal Markdown inline text: the characters Markdown would read
// as formatting (\ ` * [ ] < > |, and _ at the edge of a word) are
// backslash-escaped, line breaks and other control characters become
// spaces. Safe in a paragraph, a list item and a table cell.
std::string escape(std::string_view text);

// The parts with `separator` between them (plain text; escape the result
// if it goes into Markdown).
std::string join(const std::vector<std::string>& parts, std::string_view separator = ", ");

// Text of several lines (a scenario's `summary: |`) as Markdown: each line
// escaped as escape() does, line breaks kept (a blank line starts a new
// paragraph), trailing line breaks dropped.
std::string escape_lines(std::string_view text);

// `text` as a code span: `text`, with a longer fence when it contains
// backticks. Line breaks become spaces.
std::string code(std::string_view text);

// `text` (already Markdown) in italics; "" stays "".
std::string italic(std::string_view markdown);

// How a table column is aligned.
enum class Align { kLeft, kRight };

// A Markdown table: a header row, the delimiter row, and one row per entry.
// Cells are Markdown (escape() text first); a row shorter than the header
// is padded with empty cells. Ends with a newline.
std::string table(const std::vector<std::string>& header, const std::vector<Align>& align,
                  const std::vector<std::vector<std::string>>& rows);

// A time of the run as hours, minutes and seconds from its start (fractions
// of a second dropped): "00:41:30", "26:00:05".
std::string run_time(SimTime t);

// The clock time of day at run time `t` when the run started at
// `start_of_day`, modulo 24 hours: "09:41:30".
std::string clock_time(SimTime start_of_day, SimTime t);

// The clock time without seconds, for prose: "09:41".
std::string clock_minute(SimTime start_of_day, SimTime t);

// A duration for people, to the second: "1h2m", "41m30s", "0s"; below a
// second as format_duration writes it ("250ms"). Negative: "-" and the
// duration.
std::string span(SimTime d);

// A count of things with its noun, singular or plural: "1 minute",
// "3 minutes" (the plural adds "s").
std::string count(long long n, std::string_view noun);

// A whole number with thousands separators: 12345 -> "12,345".
std::string thousands(long long n);

// A fraction as a percentage for prose: 0.0256 -> "2.6%", 0.5 -> "50%",
// 0.00012 -> "0.012%": two significant digits below 10%, no trailing
// zeros.
std::string percent(double fraction);

}  // namespace firedrill::markdown
