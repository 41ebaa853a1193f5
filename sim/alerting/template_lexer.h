// Splitting the actions of an alert template into tokens: what Go's
// text/template lexer does inside {{ }}. Internal to sim/alerting.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

#include "sim/alerting/template.h"

namespace firedrill::tmpl {

inline bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
inline bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

struct Token {
  enum class Kind {
    kClose,
    kPipe,
    kLeftParen,
    kRightParen,
    kDeclare,
    kAssign,
    kComma,
    kString,
    kNumber,
    kChar,
    kIdentifier,
    kVariable,
    kField,
    kDot,
  };
  Kind kind = Kind::kClose;
  std::string text;  // identifier, variable ("$x"), field name, string value, number text
  int position = 0;
  bool space_before = false;
  bool trim_after = false;  // kClose: " -}}"
};

// Reads tokens from `pos_` on; the parser moves `pos_` over the text
// between actions itself.
class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  // The next token of an action. At the end of the text: "unclosed action".
  Token next();
  // How a token reads in "unexpected ..." messages.
  static std::string describe(const Token& t);
  // Throws TemplateError.
  [[noreturn]] void fail(const std::string& message, int position) const {
    throw TemplateError(message, position);
  }
  int here() const { return static_cast<int>(pos_); }
  bool at(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }

 protected:
  std::string_view text_;
  std::size_t pos_ = 0;

 private:
  std::string quoted();
};

}  // namespace firedrill::tmpl
