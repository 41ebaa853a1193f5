#include "scoring/markdown.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace firedrill::markdown {
namespace {

bool is_word_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// Hours, minutes and seconds of a non-negative time.
std::string hms(SimTime t, bool wrap_day) {
  std::int64_t seconds = t / kSecond;
  if (wrap_day) seconds %= kDay / kSecond;
  return fmt::format("{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
}

SimTime time_of_day(SimTime start_of_day, SimTime t) {
  SimTime clock = (start_of_day + t) % kDay;
  return clock < 0 ? clock + kDay : clock;
}

// `text` without trailing zeros after a decimal point (and without the
// point if nothing is left after it).
std::string trim_zeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (is_control(c)) {
      out += ' ';
      continue;
    }
    switch (c) {
      case '\\':
      case '`':
      case '*':
      case '[':
      case ']':
      case '<':
      case '>':
      case '|':
        out += '\\';
        out += c;
        break;
      case '_': {
        // Inside a word (memory_leak) an underscore is never emphasis.
        const bool inner =
            i > 0 && i + 1 < text.size() && is_word_char(text[i - 1]) && is_word_char(text[i + 1]);
        if (!inner) out += '\\';
        out += c;
        break;
      }
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out += escape(line);
    out += '\n';
    start = end + 1;
  }
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

std::string code(std::string_view text) {
  std::string body;
  body.reserve(text.size());
  std::size_t run = 0, longest = 0;
  for (char c : text) {
    body += is_control(c) ? ' ' : c;
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  if (body.empty()) return "` `";
  const std::string fence(longest + 1, '`');
  // A span that starts or ends with a backtick needs a space inside the fence.
  const bool pad = body.front() == '`' || body.back() == '`';
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string italic(std::string_view markdown) {
  if (markdown.empty()) return "";
  return "*" + std::string(markdown) + "*";
}

std::string table(const std::vector<std::string>& header, const std::vector<Align>& align,
                  const std::vector<std::vector<std::string>>& rows) {
  std::string out = "|";
  for (const std::string& h : header) out += " " + h + " |";
  out += "\n|";
  for (std::size_t c = 0; c < header.size(); ++c) {
    out += c < align.size() && align[c] == Align::kRight ? "---:|" : "---|";
  }
  out += "\n";
  for (const std::vector<std::string>& row : rows) {
    out += "|";
    for (std::size_t c = 0; c < header.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : "";
      out += cell.empty() ? " |" : " " + cell + " |";
    }
    out += "\n";
  }
  return out;
}

std::string run_time(SimTime t) {
  return t < 0 ? "-" + hms(-t, false) : hms(t, false);
}

std::string clock_time(SimTime start_of_day, SimTime t) {
  return hms(time_of_day(start_of_day, t), true);
}

std::string clock_minute(SimTime start_of_day, SimTime t) {
  return clock_time(start_of_day, t).substr(0, 5);
}

std::string span(SimTime d) {
  if (d < 0) return "-" + span(-d);
  if (d >= kSecond) d = (d + kSecond / 2) / kSecond * kSecond;
  return format_duration(d);
}

std::string count(long long n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string thousands(long long n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string percent(double fraction) {
  const double p = fraction * 100;
  if (!std::isfinite(p) || p == 0) return "0%";
  if (std::fabs(p) >= 10) return trim_zeros(fmt::format("{:.1f}", p)) + "%";
  const int decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(std::fabs(p)))));
  return trim_zeros(fmt::format("{:.{}f}", p, decimals)) + "%";
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += separator;
    out += parts[i];
  }
  return out;
}

}  // namespace firedrill::markdown
