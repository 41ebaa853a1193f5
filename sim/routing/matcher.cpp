// Alertmanager 0.25's matcher syntax (pkg/labels/parse.go) and semantics
// (pkg/labels/matcher.go), with byte offsets for every parse error.
#include "sim/routing/matcher.h"

#include <algorithm>
#include <tuple>

namespace firedrill {
namespace {

// Go's \s in regexp: [\t\n\f\r ].
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

bool is_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Whether `text` is valid UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t n = 0;
    unsigned min = 0;
    unsigned code = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      n = 1;
      min = 0x80;
      code = c & 0x1Fu;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      min = 0x800;
      code = c & 0x0Fu;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      min = 0x10000;
      code = c & 0x07u;
    } else {
      return false;
    }
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= text.size()) return false;
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

const char* op_text(LabelMatcher::Op op) {
  switch (op) {
    case LabelMatcher::Op::kEqual:
      return "=";
    case LabelMatcher::Op::kNotEqual:
      return "!=";
    case LabelMatcher::Op::kRegex:
      return "=~";
    case LabelMatcher::Op::kNotRegex:
      return "!~";
  }
  return "=";
}

// OpenMetrics escaping, as Alertmanager prints matcher values.
std::string escape_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"') {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

// A matcher text quoted for a message: 'a=b'.
std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Compiles the regex of a regex matcher; `at` is where its value starts.
void compile_regex(LabelMatcher& m, std::size_t at) {
  if (m.op != LabelMatcher::Op::kRegex && m.op != LabelMatcher::Op::kNotRegex) return;
  std::string error;
  std::unique_ptr<promql::Regex> re = promql::Regex::compile(m.value, error);
  if (re == nullptr) {
    throw MatcherError(
        "invalid regular expression " + quoted(m.value) + " for label '" + m.name + "': " + error,
        at);
  }
  m.regex = std::move(re);
}

// One matcher: `token` is text[base, base + token.size()).
LabelMatcher parse_one(std::string_view token, std::size_t base) {
  std::size_t i = 0;
  while (i < token.size() && is_space(token[i])) ++i;
  const std::size_t name_begin = i;
  if (i >= token.size() || !(is_letter(token[i]) || token[i] == ':')) {
    if (i >= token.size()) {
      throw MatcherError("bad matcher format: empty matcher (expected e.g. severity=\"critical\")",
                         base + name_begin);
    }
    throw MatcherError("bad matcher format: " + quoted(token) +
                           " does not start with a label name (letters, digits, '_' and ':', "
                           "not starting with a digit)",
                       base + name_begin);
  }
  while (i < token.size() && (is_letter(token[i]) || is_digit(token[i]) || token[i] == ':')) ++i;
  LabelMatcher m;
  m.name = std::string(token.substr(name_begin, i - name_begin));
  while (i < token.size() && is_space(token[i])) ++i;
  const std::string_view rest = token.substr(i);
  if (rest.starts_with("=~")) {
    m.op = LabelMatcher::Op::kRegex;
  } else if (rest.starts_with("=")) {
    m.op = LabelMatcher::Op::kEqual;
  } else if (rest.starts_with("!=")) {
    m.op = LabelMatcher::Op::kNotEqual;
  } else if (rest.starts_with("!~")) {
    m.op = LabelMatcher::Op::kNotRegex;
  } else {
    throw MatcherError("bad matcher format: " + quoted(token) +
                           " has no operator after label name '" + m.name +
                           "' (expected =, !=, =~ or !~)",
                       base + i);
  }
  i += std::string_view(op_text(m.op)).size();
  while (i < token.size() && is_space(token[i])) ++i;
  std::size_t end = token.size();
  while (end > i && is_space(token[end - 1])) --end;
  std::string_view raw = token.substr(i, end - i);
  std::size_t raw_at = base + i;  // offset of raw[0] in the whole text

  bool expect_trailing_quote = false;
  const std::size_t opening_quote = raw_at;
  if (!raw.empty() && raw[0] == '"') {
    raw.remove_prefix(1);
    ++raw_at;
    expect_trailing_quote = true;
  }
  if (!is_valid_utf8(raw)) {
    throw MatcherError("matcher value is not valid UTF-8 in " + quoted(token), raw_at);
  }
  std::string value;
  bool escaped = false;
  for (std::size_t k = 0; k < raw.size(); ++k) {
    const char c = raw[k];
    if (escaped) {
      escaped = false;
      if (c == 'n') {
        value += '\n';
      } else if (c == '"' || c == '\\') {
        value += c;
      } else {
        value += '\\';  // a spurious escape: the backslash is literal
        value += c;
      }
      continue;
    }
    if (c == '\\') {
      if (k + 1 < raw.size()) {
        escaped = true;
        continue;
      }
      value += '\\';  // a backslash as the last byte is literal
    } else if (c == '"') {
      if (!expect_trailing_quote || k + 1 < raw.size()) {
        throw MatcherError("matcher value contains unescaped double quote: " +
                               std::string(token.substr(i, end - i)) +
                               " (write \\\" inside a value)",
                           raw_at + k);
      }
      expect_trailing_quote = false;
    } else {
      value += c;
    }
  }
  if (expect_trailing_quote) {
    throw MatcherError("matcher value contains unescaped double quote: " +
                           std::string(token.substr(i, end - i)) + " (no closing quote)",
                       opening_quote);
  }
  m.value = std::move(value);
  compile_regex(m, raw_at);
  return m;
}

}  // namespace

bool is_prometheus_label_name(std::string_view name) {
  if (name.empty() || !is_letter(name[0])) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return is_letter(c) || is_digit(c); });
}

bool LabelMatcher::matches(const Labels& labels) const {
  std::string_view actual;
  for (const auto& [label, label_value] : labels) {
    if (label == name) {
      actual = label_value;
      break;
    }
  }
  switch (op) {
    case Op::kEqual:
      return actual == value;
    case Op::kNotEqual:
      return actual != value;
    case Op::kRegex:
      return regex != nullptr && regex->full_match(actual);
    case Op::kNotRegex:
      return regex == nullptr || !regex->full_match(actual);
  }
  return false;
}

std::string LabelMatcher::str() const {
  return name + op_text(op) + "\"" + escape_value(value) + "\"";
}

bool matches_all(const LabelMatchers& matchers, const Labels& labels) {
  return std::all_of(matchers.begin(), matchers.end(),
                     [&](const LabelMatcher& m) { return m.matches(labels); });
}

std::string format_matchers(const LabelMatchers& matchers) {
  std::string out = "{";
  for (std::size_t i = 0; i < matchers.size(); ++i) {
    if (i > 0) out += ',';
    out += matchers[i].str();
  }
  out += '}';
  return out;
}

void sort_matchers(LabelMatchers& matchers) {
  std::stable_sort(matchers.begin(), matchers.end(),
                   [](const LabelMatcher& a, const LabelMatcher& b) {
                     return std::tie(a.name, a.value, a.op) < std::tie(b.name, b.value, b.op);
                   });
}

LabelMatchers parse_matchers(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  if (text.starts_with('{')) begin = 1;
  if (end > begin && text[end - 1] == '}') --end;

  // Split at commas outside double quotes, as ParseMatchers does.
  struct Token {
    std::size_t at;
    std::string_view text;
  };
  std::vector<Token> tokens;
  bool inside_quotes = false;
  bool escaped = false;
  std::size_t token_begin = begin;
  for (std::size_t i = begin; i < end; ++i) {
    const char c = text[i];
    if (c == ',') {
      if (!inside_quotes) {
        tokens.push_back(Token{token_begin, text.substr(token_begin, i - token_begin)});
        token_begin = i + 1;
      }
      continue;
    }
    if (c == '"') {
      if (!escaped) {
        inside_quotes = !inside_quotes;
      } else {
        escaped = false;
      }
    } else if (c == '\\') {
      escaped = !escaped;
    } else {
      escaped = false;
    }
  }
  // The last token counts only if it is not blank (a trailing comma is allowed).
  std::string_view last = text.substr(token_begin, end - token_begin);
  std::size_t skip = 0;
  while (skip < last.size() && is_space(last[skip])) ++skip;
  if (skip < last.size()) tokens.push_back(Token{token_begin, last});

  LabelMatchers out;
  for (const Token& t : tokens) out.push_back(parse_one(t.text, t.at));
  return out;
}

LabelMatcher parse_matcher(std::string_view text) {
  return parse_one(text, 0);
}

LabelMatcher make_matcher(std::string name, LabelMatcher::Op op, std::string value) {
  if (!is_prometheus_label_name(name)) {
    throw MatcherError("invalid label name '" + name +
                           "' (expected letters, digits and '_', not starting with a digit)",
                       0);
  }
  LabelMatcher m;
  m.name = std::move(name);
  m.op = op;
  m.value = std::move(value);
  compile_regex(m, 0);
  return m;
}

}  // namespace firedrill
