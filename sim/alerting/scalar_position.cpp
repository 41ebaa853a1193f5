// Walks a scalar's source text alongside its value, one value byte at a time,
// undoing what YAML did to it: quotes, '' and \ escapes, line folding, block
// indentation.
#include "sim/alerting/scalar_position.h"

#include "sim/scenario/yaml_reader.h"

namespace firedrill {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

SourceLocation location_of(const YamlReader& reader, std::string_view text, std::size_t i) {
  SourceLocation where;
  where.file = reader.file();
  int line = 1;
  std::size_t line_start = 0;
  for (std::size_t k = 0; k < i && k < text.size(); ++k) {
    if (text[k] == '\n') {
      ++line;
      line_start = k + 1;
    }
  }
  where.line = line;
  where.column = static_cast<int>(i - line_start) + 1;
  return where;
}

}  // namespace

SourceLocation scalar_char_location(const YamlReader& reader, const YAML::Node& scalar,
                                    std::string_view text, std::size_t offset) {
  const SourceLocation fallback = reader.at(scalar);
  const YAML::Mark mark = scalar.Mark();
  if (mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size() || !scalar.IsScalar()) {
    return fallback;
  }
  const std::string& value = scalar.Scalar();
  std::size_t i = static_cast<std::size_t>(mark.pos);
  char style = text[i];
  std::size_t indent = 0;
  const auto skip_indent = [&] {
    std::size_t n = 0;
    while (i < text.size() && text[i] == ' ' &&
           (style == 'p' || style == '"' || style == '\'' || n < indent)) {
      ++i;
      ++n;
    }
    if (style != '|' && style != '>') {
      while (i < text.size() && is_blank(text[i])) ++i;
    }
  };
  if (style == '|' || style == '>') {
    const std::size_t eol = text.find('\n', i);
    if (eol == std::string_view::npos) return fallback;
    i = eol + 1;
    for (std::size_t k = i; k < text.size();) {
      const std::size_t start = k;
      while (k < text.size() && text[k] == ' ') ++k;
      if (k < text.size() && (text[k] == '\n' || text[k] == '\r')) {
        k = text.find('\n', k) + 1;
        continue;
      }
      indent = k - start;
      break;
    }
    skip_indent();
  } else if (style == '"' || style == '\'') {
    ++i;
  } else {
    style = 'p';
  }
  for (std::size_t j = 0; j < offset && j < value.size(); ++j) {
    if (i >= text.size()) return fallback;
    const char c = value[j];
    if (style == '"' && text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
      const char e = text[i + 1];
      i += e == 'x' ? 4 : e == 'u' ? 6 : e == 'U' ? 10 : 2;
      if (e == 'u' || e == 'U') {
        while (j + 1 < value.size() && (static_cast<unsigned char>(value[j + 1]) & 0xC0) == 0x80) {
          ++j;
        }
      }
      continue;
    }
    if (style == '\'' && text[i] == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
      i += 2;
      continue;
    }
    if (text[i] == c && c != '\n') {
      ++i;
      continue;
    }
    // A line break in the source: folded into a space, kept as a newline
    // (literal blocks), or dropped after a trailing space.
    std::size_t k = i;
    while (k < text.size() && (is_blank(text[k]) || text[k] == '\r')) ++k;
    if (style == '"' && k < text.size() && text[k] == '\\' && k + 1 < text.size() &&
        text[k + 1] == '\n') {
      ++k;  // an escaped line break: joins the lines without a space
    }
    if (k >= text.size() || text[k] != '\n') return fallback;
    i = k + 1;
    skip_indent();
    if (c == '\n' && style != '|' && i < text.size() && text[i] == '\n') {
      ++i;  // folded styles: an empty source line stands for the value's newline
      skip_indent();
    }
    if (c != ' ' && c != '\n') --j;  // the break carried no value byte: match c again
  }
  return location_of(reader, text, i);
}

}  // namespace firedrill
