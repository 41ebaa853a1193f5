#include "sim/promql/lexer.h"

#include <array>
#include <cstdio>

#include "sim/promql/go_quote.h"

namespace firedrill::promql {
namespace {

constexpr std::array<std::string_view, 12> kAggregations = {
    "sum",    "avg",    "min",  "max",     "count",    "group",
    "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values"};

// Words that are keywords outside braces (compared in lower case).
constexpr std::array<std::string_view, 12> kOtherKeywords = {
    "and",     "or", "unless",   "atan2",      "offset",      "by",
    "without", "on", "ignoring", "group_left", "group_right", "bool"};

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_keyword(const std::string& word) {
  if (is_aggregation_keyword(word)) return true;
  for (std::string_view k : kOtherKeywords) {
    if (k == word) return true;
  }
  return false;
}

// Go's %q of a single character, as Prometheus prints unexpected characters.
std::string quote_char(char c) {
  if (c == '\'') return "'\\''";
  if (c == '\\') return "'\\\\'";
  if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "'\\x%02x'", static_cast<unsigned char>(c));
    return buffer;
  }
  return std::string("'") + c + "'";
}

// Go's %#U: "U+0071 'q'".
std::string describe_rune(char c) {
  char buffer[32];
  auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) {
    std::snprintf(buffer, sizeof buffer, "U+%04X '%c'", byte, c);
  } else {
    std::snprintf(buffer, sizeof buffer, "U+%04X", byte);
  }
  return buffer;
}

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  std::vector<Token> run() {
    while (!done_) {
      if (inside_braces_) {
        lex_inside_braces();
      } else {
        lex_statement();
      }
    }
    return std::move(tokens_);
  }

 private:
  char peek(int ahead = 0) const {
    std::size_t at = static_cast<std::size_t>(pos_ + ahead);
    return at < text_.size() ? text_[at] : '\0';
  }
  bool at_end() const { return static_cast<std::size_t>(pos_) >= text_.size(); }
  int size() const { return static_cast<int>(text_.size()); }

  void emit(TokenKind kind, int begin, std::string value = {}) {
    Token token;
    token.kind = kind;
    token.begin = begin;
    token.end = pos_;
    token.text = std::string(text_.substr(begin, pos_ - begin));
    token.value = std::move(value);
    tokens_.push_back(std::move(token));
  }

  void error(std::string message, int position) {
    Token token;
    token.kind = TokenKind::kError;
    token.begin = position;
    token.end = position;
    token.value = std::move(message);
    tokens_.push_back(std::move(token));
    done_ = true;
  }

  void skip_space_and_comments() {
    while (!at_end()) {
      if (is_space(peek())) {
        ++pos_;
      } else if (peek() == '#') {
        while (!at_end() && peek() != '\n') ++pos_;
      } else {
        break;
      }
    }
  }

  void lex_end() {
    if (paren_depth_ > 0) return error("unclosed left parenthesis", pos_);
    if (bracket_open_) return error("unclosed left bracket", pos_);
    emit(TokenKind::kEnd, pos_);
    done_ = true;
  }

  void lex_statement() {
    skip_space_and_comments();
    if (at_end()) return lex_end();
    const int begin = pos_;
    const char c = peek();
    const char next = peek(1);
    auto single = [&](TokenKind kind) {
      ++pos_;
      emit(kind, begin);
    };
    auto pair = [&](TokenKind kind) {
      pos_ += 2;
      emit(kind, begin);
    };
    switch (c) {
      case ',':
        return single(TokenKind::kComma);
      case '+':
        return single(TokenKind::kAdd);
      case '-':
        return single(TokenKind::kSub);
      case '*':
        return single(TokenKind::kMul);
      case '/':
        return single(TokenKind::kDiv);
      case '%':
        return single(TokenKind::kMod);
      case '^':
        return single(TokenKind::kPow);
      case '@':
        return single(TokenKind::kAt);
      case '=':
        if (next == '=') return pair(TokenKind::kEqual);
        if (next == '~') return error("unexpected character after '=': '~'", begin + 1);
        return single(TokenKind::kAssign);
      case '!':
        if (next == '=') return pair(TokenKind::kNotEqual);
        return error("unexpected character after '!': " + quote_char(next), begin + 1);
      case '<':
        if (next == '=') return pair(TokenKind::kLessEqual);
        return single(TokenKind::kLess);
      case '>':
        if (next == '=') return pair(TokenKind::kGreaterEqual);
        return single(TokenKind::kGreater);
      case '(':
        ++paren_depth_;
        return single(TokenKind::kLeftParen);
      case ')':
        if (paren_depth_ == 0) return error("unexpected right parenthesis ')'", begin);
        --paren_depth_;
        return single(TokenKind::kRightParen);
      case '{':
        inside_braces_ = true;
        return single(TokenKind::kLeftBrace);
      case '[':
        if (bracket_open_) return error("unexpected left bracket '['", begin);
        bracket_open_ = true;
        single(TokenKind::kLeftBracket);
        skip_space_and_comments();
        return lex_duration();
      case ']':
        if (!bracket_open_) return error("unexpected right bracket ']'", begin);
        bracket_open_ = false;
        return single(TokenKind::kRightBracket);
      case ':':
        if (bracket_open_) return single(TokenKind::kColon);
        break;
      case '"':
      case '\'':
        return lex_string(c);
      case '`':
        return lex_raw_string();
      default:
        break;
    }
    if (is_digit(c) || (c == '.' && is_digit(next))) return lex_number_or_duration();
    if (is_alpha(c) || c == ':') return lex_word();
    error("unexpected character: " + quote_char(c), begin);
  }

  void lex_inside_braces() {
    skip_space_and_comments();
    if (at_end()) return error("unexpected end of input inside braces", pos_);
    const int begin = pos_;
    const char c = peek();
    const char next = peek(1);
    if (is_alpha(c)) {
      while (is_alnum(peek())) ++pos_;
      return emit(TokenKind::kIdentifier, begin);
    }
    switch (c) {
      case ',':
        ++pos_;
        return emit(TokenKind::kComma, begin);
      case '"':
      case '\'':
        return lex_string(c);
      case '`':
        return lex_raw_string();
      case '=':
        pos_ += next == '~' ? 2 : 1;
        return emit(next == '~' ? TokenKind::kRegexMatch : TokenKind::kAssign, begin);
      case '!':
        if (next == '~' || next == '=') {
          pos_ += 2;
          return emit(next == '~' ? TokenKind::kRegexNoMatch : TokenKind::kNotEqual, begin);
        }
        return error("unexpected character after '!' inside braces: " + quote_char(next),
                     begin + 1);
      case '{':
        return error("unexpected left brace '{'", begin);
      case '}':
        ++pos_;
        inside_braces_ = false;
        return emit(TokenKind::kRightBrace, begin);
      default:
        return error("unexpected character inside braces: " + quote_char(c), begin);
    }
  }

  // Digits (with hex, a fraction, an exponent) not followed by a letter.
  // Returns true if that is a complete number.
  bool scan_number() {
    bool hex = false;
    if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X')) {
      pos_ += 2;
      hex = true;
    }
    auto digits = [&] {
      while (hex ? hex_value(peek()) < 16 : is_digit(peek())) ++pos_;
    };
    digits();
    if (peek() == '.') {
      ++pos_;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      while (is_digit(peek())) ++pos_;
    }
    return !is_alnum(peek());
  }

  // The rest of a duration after its first number: units and more numbers.
  bool scan_remaining_duration() {
    auto is_unit = [](char c, bool first) {
      return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || (first && c == 'y');
    };
    if (!is_unit(peek(), true)) return false;
    ++pos_;
    if (peek() == 's') ++pos_;
    while (is_digit(peek())) {
      while (is_digit(peek())) ++pos_;
      if (!is_unit(peek(), false)) return false;
      ++pos_;
      if (peek() == 's') ++pos_;
    }
    return !is_alnum(peek());
  }

  void lex_number_or_duration() {
    const int begin = pos_;
    if (scan_number()) {
      return emit(TokenKind::kNumber, begin, std::string(text_.substr(begin, pos_ - begin)));
    }
    if (scan_remaining_duration()) {
      return emit(TokenKind::kDuration, begin, std::string(text_.substr(begin, pos_ - begin)));
    }
    error(
        "bad number or duration syntax: \"" + std::string(text_.substr(begin, pos_ - begin)) + "\"",
        begin);
  }

  void lex_duration() {
    if (at_end()) return lex_end();
    const int begin = pos_;
    if (peek() == ':') return;  // `[:` is a subquery without range; the parser reports it
    if (scan_number()) return error("missing unit character in duration", begin);
    if (!scan_remaining_duration()) {
      while (is_alnum(peek())) ++pos_;
      return error(
          "bad duration syntax: \"" + std::string(text_.substr(begin, pos_ - begin)) + "\"", begin);
    }
    emit(TokenKind::kDuration, begin, std::string(text_.substr(begin, pos_ - begin)));
  }

  void lex_word() {
    const int begin = pos_;
    while (is_alnum(peek()) || peek() == ':') ++pos_;
    const std::string_view word = text_.substr(begin, pos_ - begin);
    const std::string lowered = lower(word);
    if (lowered == "inf" || lowered == "nan") {
      return emit(TokenKind::kNumber, begin, std::string(word));
    }
    if (is_keyword(lowered)) return emit(TokenKind::kKeyword, begin, lowered);
    if (word.find(':') != std::string_view::npos) {
      return emit(TokenKind::kMetricIdentifier, begin);
    }
    emit(TokenKind::kIdentifier, begin);
  }

  // A "double" or 'single' quoted string with Go escapes.
  void lex_string(char quote) {
    const int begin = pos_;
    ++pos_;
    std::string value;
    while (true) {
      if (at_end() || peek() == '\n') return error("unterminated quoted string", begin);
      const char c = peek();
      if (c == quote) break;
      if (c != '\\') {
        value += c;
        ++pos_;
        continue;
      }
      const int escape_begin = pos_;
      ++pos_;
      if (at_end()) return error("escape sequence not terminated", escape_begin);
      const char e = peek();
      ++pos_;
      switch (e) {
        case 'a':
          value += '\a';
          continue;
        case 'b':
          value += '\b';
          continue;
        case 'f':
          value += '\f';
          continue;
        case 'n':
          value += '\n';
          continue;
        case 'r':
          value += '\r';
          continue;
        case 't':
          value += '\t';
          continue;
        case 'v':
          value += '\v';
          continue;
        case '\\':
          value += '\\';
          continue;
        default:
          break;
      }
      if (e == quote) {
        value += e;
        continue;
      }
      int digits = 0;
      unsigned base = 16;
      unsigned max = 255;
      bool is_byte = true;
      if (e >= '0' && e <= '7') {
        digits = 3;
        base = 8;
        --pos_;  // the first digit is part of the value
      } else if (e == 'x') {
        digits = 2;
      } else if (e == 'u' || e == 'U') {
        digits = e == 'u' ? 4 : 8;
        max = 0x10FFFF;
        is_byte = false;
      } else {
        return error("unknown escape sequence " + describe_rune(e), escape_begin);
      }
      unsigned code = 0;
      for (int i = 0; i < digits; ++i) {
        if (at_end()) return error("escape sequence not terminated", escape_begin);
        const int digit = hex_value(peek());
        if (digit >= static_cast<int>(base)) {
          return error("illegal character " + describe_rune(peek()) + " in escape sequence",
                       escape_begin);
        }
        code = code * base + static_cast<unsigned>(digit);
        ++pos_;
      }
      if (code > max || (code >= 0xD800 && code < 0xE000)) {
        return error("escape sequence is an invalid Unicode code point", escape_begin);
      }
      if (is_byte) {
        value += static_cast<char>(code);
      } else {
        append_utf8(value, code);
      }
    }
    ++pos_;
    emit(TokenKind::kString, begin, std::move(value));
  }

  void lex_raw_string() {
    const int begin = pos_;
    ++pos_;
    while (!at_end() && peek() != '`') ++pos_;
    if (at_end()) return error("unterminated raw string", begin);
    ++pos_;
    emit(TokenKind::kString, begin, std::string(text_.substr(begin + 1, pos_ - begin - 2)));
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  int pos_ = 0;
  int paren_depth_ = 0;
  bool inside_braces_ = false;
  bool bracket_open_ = false;
  bool done_ = false;
};

bool is_operator(TokenKind kind) {
  return kind >= TokenKind::kAdd || kind == TokenKind::kRegexMatch ||
         kind == TokenKind::kRegexNoMatch;
}

}  // namespace

bool is_aggregation_keyword(std::string_view word) {
  for (std::string_view k : kAggregations) {
    if (k == word) return true;
  }
  return false;
}

std::vector<Token> lex(std::string_view text) {
  return Lexer(text).run();
}

std::string describe_token(const Token& token) {
  switch (token.kind) {
    case TokenKind::kEnd:
      return "end of input";
    case TokenKind::kError:
      return token.value;
    case TokenKind::kIdentifier:
      return "identifier " + go_quote(token.text);
    case TokenKind::kMetricIdentifier:
      return "metric identifier " + go_quote(token.text);
    case TokenKind::kNumber:
      return "number " + go_quote(token.text);
    case TokenKind::kDuration:
      return "duration " + go_quote(token.text);
    case TokenKind::kString:
      return "string " + go_quote(token.text);
    case TokenKind::kKeyword:
      if (is_aggregation_keyword(token.value)) return "<aggr:" + token.text + ">";
      if (token.value == "and" || token.value == "or" || token.value == "unless" ||
          token.value == "atan2") {
        return "<op:" + token.text + ">";
      }
      return "<" + token.text + ">";
    default:
      break;
  }
  if (is_operator(token.kind)) return "<op:" + token.text + ">";
  return go_quote(token.text);
}

}  // namespace firedrill::promql
