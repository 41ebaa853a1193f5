// Tones to ANSI SGR sequences, and locale sniffing.
#include "cli/drill/style.h"

#include <cstdlib>
#include <string>

namespace firedrill::cli::drill {
namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr ? v : "";
}

bool says_utf8(std::string value) {
  for (char& c : value) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return value.find("utf-8") != std::string::npos || value.find("utf8") != std::string::npos;
}

std::string_view sgr(Tone tone) {
  switch (tone) {
    case Tone::kPlain:
      return "";
    case Tone::kDim:
      return "\033[2m";
    case Tone::kBad:
      return "\033[31m";
    case Tone::kGood:
      return "\033[32m";
    case Tone::kPage:
      return "\033[1;31m";
    case Tone::kInject:
      return "\033[1;30;43m";
    case Tone::kHeading:
      return "\033[1m";
  }
  return "";
}

}  // namespace

Style Style::detect(bool is_terminal) {
  Style s;
  s.color = is_terminal && std::getenv("NO_COLOR") == nullptr && env("TERM") != "dumb";
  // The first of LC_ALL, LC_CTYPE, LANG that is set decides, as setlocale does.
  std::string locale = env("LC_ALL");
  if (locale.empty()) locale = env("LC_CTYPE");
  if (locale.empty()) locale = env("LANG");
  s.unicode = says_utf8(locale);
  return s;
}

std::string Style::render(const Line& line) const {
  const std::string_view on = color ? sgr(line.tone) : "";
  if (on.empty()) return line.text + "\n";
  return std::string(on) + line.text + "\033[0m\n";
}

std::string Style::render(const Lines& lines) const {
  std::string out;
  for (const Line& l : lines) out += render(l);
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0x1b && i + 1 < text.size() && text[i + 1] == '[') {
      i += 2;
      while (i < text.size() && !(text[i] >= '@' && text[i] <= '~')) ++i;
      continue;
    }
    if ((c & 0xC0) != 0x80) ++width;  // not a continuation byte
  }
  return width;
}

}  // namespace firedrill::cli::drill
