#include "cli/junit.h"

#include <fmt/core.h>

#include <cstddef>

namespace firedrill::cli {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

// The length of the valid UTF-8 sequence at text[i], or 0 if there is none
// (a stray continuation byte, an overlong form, a surrogate, beyond U+10FFFF,
// a sequence cut short).
std::size_t utf8_length(std::string_view text, std::size_t i) {
  const auto at = [&](std::size_t k) -> unsigned char {
    return i + k < text.size() ? static_cast<unsigned char>(text[i + k]) : 0;
  };
  const unsigned char c = at(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return continuation(at(1)) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    const unsigned char c1 = at(1);
    const bool ok1 = c == 0xE0   ? (c1 >= 0xA0 && c1 <= 0xBF)
                     : c == 0xED ? (c1 >= 0x80 && c1 <= 0x9F)  // no surrogates
                                 : continuation(c1);
    return ok1 && continuation(at(2)) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    const unsigned char c1 = at(1);
    const bool ok1 = c == 0xF0   ? (c1 >= 0x90 && c1 <= 0xBF)
                     : c == 0xF4 ? (c1 >= 0x80 && c1 <= 0x8F)  // at most U+10FFFF
                                 : continuation(c1);
    return ok1 && continuation(at(2)) && continuation(at(3)) ? 4 : 0;
  }
  return 0;
}

std::string escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t n = utf8_length(text, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (n > 1) {
      const std::string_view sequence = text.substr(i, n);
      // U+FFFE and U+FFFF are not XML characters.
      if (sequence == "\xEF\xBF\xBE" || sequence == "\xEF\xBF\xBF") {
        out += kReplacement;
      } else {
        out += sequence;
      }
      i += n;
      continue;
    }
    const char c = text[i++];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += kReplacement;  // no XML 1.0 document can hold it, escaped or not
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string seconds(double s) {
  return fmt::format("{:.3f}", s < 0 ? 0.0 : s);
}

struct Counts {
  std::size_t tests = 0, failures = 0, skipped = 0;
  void add(const JUnitSuite& suite) {
    for (const JUnitCase& c : suite.cases) {
      ++tests;
      if (c.outcome == JUnitOutcome::kFailed) ++failures;
      if (c.outcome == JUnitOutcome::kSkipped) ++skipped;
    }
  }
  std::string attributes() const {
    return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\"", tests, failures,
                       skipped);
  }
};

}  // namespace

std::string xml_text(std::string_view text) {
  return escape(text, false);
}

std::string xml_attribute(std::string_view text) {
  return escape(text, true);
}

std::string junit_xml(std::string_view name, const std::vector<JUnitSuite>& suites) {
  Counts all;
  double total_seconds = 0;
  for (const JUnitSuite& s : suites) {
    all.add(s);
    total_seconds += s.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"{}\" {} time=\"{}\">\n", xml_attribute(name),
                     all.attributes(), seconds(total_seconds));
  for (const JUnitSuite& suite : suites) {
    Counts counts;
    counts.add(suite);
    out += fmt::format("  <testsuite name=\"{}\" {} time=\"{}\">\n", xml_attribute(suite.name),
                       counts.attributes(), seconds(suite.seconds));
    if (!suite.properties.empty()) {
      out += "    <properties>\n";
      for (const auto& [key, value] : suite.properties) {
        out += fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_attribute(key),
                           xml_attribute(value));
      }
      out += "    </properties>\n";
    }
    for (const JUnitCase& c : suite.cases) {
      const std::string open =
          fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{}\"",
                      xml_attribute(c.name), xml_attribute(c.classname), seconds(c.seconds));
      switch (c.outcome) {
        case JUnitOutcome::kPassed:
          out += open + "/>\n";
          break;
        case JUnitOutcome::kSkipped:
          out += open + ">\n";
          out += fmt::format("      <skipped message=\"{}\"/>\n", xml_attribute(c.message));
          out += "    </testcase>\n";
          break;
        case JUnitOutcome::kFailed:
          out += open + ">\n";
          out += fmt::format("      <failure message=\"{}\" type=\"failure\">{}</failure>\n",
                             xml_attribute(c.message),
                             xml_text(c.details.empty() ? c.message : c.details));
          out += "    </testcase>\n";
          break;
      }
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace firedrill::cli
