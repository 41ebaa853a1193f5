// The lexer of alert templates' actions: Go's tokens, strings with Go's
// escapes, numbers as Go's text/template reads them.
#include "sim/alerting/template_lexer.h"

#include <charconv>

namespace firedrill::tmpl {
namespace {

// Appends the UTF-8 encoding of `code` to `out`.
void append_utf8(std::string& out, unsigned code) {
  if (code < 0x80) {
    out.push_back(static_cast<char>(code));
  } else if (code < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code >> 6)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else if (code < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
  }
}

}  // namespace

std::string Lexer::describe(const Token& t) {
  switch (t.kind) {
    case Token::Kind::kClose:
      return "\"}}\"";
    case Token::Kind::kPipe:
      return "\"|\"";
    case Token::Kind::kLeftParen:
      return "\"(\"";
    case Token::Kind::kRightParen:
      return "\")\"";
    case Token::Kind::kDeclare:
      return "\":=\"";
    case Token::Kind::kAssign:
      return "\"=\"";
    case Token::Kind::kComma:
      return "\",\"";
    case Token::Kind::kField:
      return "<." + t.text + ">";
    case Token::Kind::kDot:
      return "<.>";
    default:
      return "<" + t.text + ">";
  }
}

Token Lexer::next() {
  Token t;
  const std::size_t before = pos_;
  while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  t.space_before = pos_ != before;
  t.position = here();
  if (pos_ >= text_.size()) fail("unclosed action", here());
  if (t.space_before && at("-}}")) {
    pos_ += 3;
    t.kind = Token::Kind::kClose;
    t.trim_after = true;
    return t;
  }
  if (at("}}")) {
    pos_ += 2;
    t.kind = Token::Kind::kClose;
    return t;
  }
  const char c = text_[pos_];
  switch (c) {
    case '|':
      ++pos_;
      t.kind = Token::Kind::kPipe;
      return t;
    case '(':
      ++pos_;
      t.kind = Token::Kind::kLeftParen;
      return t;
    case ')':
      ++pos_;
      t.kind = Token::Kind::kRightParen;
      return t;
    case ',':
      ++pos_;
      t.kind = Token::Kind::kComma;
      return t;
    case '=':
      ++pos_;
      t.kind = Token::Kind::kAssign;
      return t;
    case ':':
      if (at(":=")) {
        pos_ += 2;
        t.kind = Token::Kind::kDeclare;
        return t;
      }
      break;
    case '"':
      t.kind = Token::Kind::kString;
      t.text = quoted();
      return t;
    case '`': {
      const std::size_t end = text_.find('`', pos_ + 1);
      if (end == std::string_view::npos) fail("unterminated raw quoted string", here());
      t.kind = Token::Kind::kString;
      t.text = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return t;
    }
    case '\'': {
      const std::size_t end = text_.find('\'', pos_ + 1);
      if (end == std::string_view::npos) fail("unterminated character constant", here());
      t.kind = Token::Kind::kChar;
      t.text = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end + 1;
      return t;
    }
    case '$': {
      std::size_t end = pos_ + 1;
      while (end < text_.size() && is_name_char(text_[end])) ++end;
      t.kind = Token::Kind::kVariable;
      t.text = std::string(text_.substr(pos_, end - pos_));
      pos_ = end;
      return t;
    }
    case '.': {
      std::size_t end = pos_ + 1;
      if (end < text_.size() && std::isdigit(static_cast<unsigned char>(text_[end]))) break;
      while (end < text_.size() && is_name_char(text_[end])) ++end;
      t.kind = end == pos_ + 1 ? Token::Kind::kDot : Token::Kind::kField;
      t.text = std::string(text_.substr(pos_ + 1, end - pos_ - 1));
      pos_ = end;
      return t;
    }
    default:
      break;
  }
  if (c == '+' || c == '-' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
    std::size_t end = pos_ + 1;
    while (end < text_.size()) {
      const char d = text_[end];
      const bool sign_after_exponent =
          (d == '+' || d == '-') && (text_[end - 1] == 'e' || text_[end - 1] == 'E');
      if (!(std::isalnum(static_cast<unsigned char>(d)) || d == '.' || d == '_' ||
            sign_after_exponent)) {
        break;
      }
      ++end;
    }
    t.kind = Token::Kind::kNumber;
    t.text = std::string(text_.substr(pos_, end - pos_));
    pos_ = end;
    return t;
  }
  if (is_name_char(c)) {
    std::size_t end = pos_;
    while (end < text_.size() && is_name_char(text_[end])) ++end;
    t.kind = Token::Kind::kIdentifier;
    t.text = std::string(text_.substr(pos_, end - pos_));
    pos_ = end;
    return t;
  }
  fail(std::string("unexpected \"") + c + "\" in command", here());
}

// A double-quoted string with Go's escapes; pos_ at the opening quote.
std::string Lexer::quoted() {
  std::string out;
  const int start = here();
  ++pos_;
  while (true) {
    if (pos_ >= text_.size() || text_[pos_] == '\n') fail("unterminated quoted string", start);
    const char c = text_[pos_++];
    if (c == '"') return out;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (pos_ >= text_.size()) fail("unterminated quoted string", start);
    const char e = text_[pos_++];
    switch (e) {
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '\\':
        out.push_back('\\');
        break;
      case '"':
        out.push_back('"');
        break;
      case '\'':
        out.push_back('\'');
        break;
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        unsigned code = 0;
        const std::string_view digits = text_.substr(pos_, n);
        const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), code, 16);
        if (digits.size() != n || r.ptr != digits.data() + n) {
          fail("invalid syntax in quoted string", start);
        }
        pos_ += n;
        if (e == 'x') {
          out.push_back(static_cast<char>(code));
        } else {
          append_utf8(out, code);
        }
        break;
      }
      default:
        if (e >= '0' && e <= '7') {
          const std::string_view digits = text_.substr(pos_ - 1, 3);
          unsigned code = 0;
          const auto r = std::from_chars(digits.data(), digits.data() + digits.size(), code, 8);
          if (digits.size() != 3 || r.ptr != digits.data() + 3 || code > 255) {
            fail("invalid syntax in quoted string", start);
          }
          pos_ += 2;
          out.push_back(static_cast<char>(code));
          break;
        }
        fail("invalid syntax in quoted string", start);
    }
  }
}

}  // namespace firedrill::tmpl
