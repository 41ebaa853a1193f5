// The PromQL lexer: turns expression text into tokens with byte positions.
//
//   std::vector<Token> tokens = lex("rate(x[5m])");
//
// Like Prometheus' lexer it is context sensitive: inside braces every word is
// an identifier, after `[` comes a duration. A lexical error does not throw:
// it ends the token list with a kError token (message in `value`), so that the
// parser reports whichever problem comes first in the text, as Prometheus does.
// Internal to sim/promql.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace firedrill::promql {

enum class TokenKind {
  kEnd,
  kError,
  kNumber,            // value: the number's text ("1e3", "0x1F", "Inf")
  kString,            // value: the unescaped contents
  kDuration,          // value: the text ("1h30m")
  kIdentifier,        // a word without ':' that is no keyword
  kMetricIdentifier,  // a word with ':'
  kKeyword,           // by, without, on, sum, and, offset, ...: value is the word in lower case
  kLeftParen,
  kRightParen,
  kLeftBrace,
  kRightBrace,
  kLeftBracket,
  kRightBracket,
  kComma,
  kColon,  // only inside brackets (a subquery)
  kAt,
  kAssign,        // =
  kRegexMatch,    // =~
  kRegexNoMatch,  // !~
  kAdd,
  kSub,
  kMul,
  kDiv,
  kMod,
  kPow,
  kEqual,  // ==
  kNotEqual,
  kLess,
  kLessEqual,
  kGreater,
  kGreaterEqual,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  int begin = 0;      // byte offset of the first character
  int end = 0;        // byte offset past the last character
  std::string text;   // as written
  std::string value;  // see TokenKind
};

// Splits `text` into tokens; the last token is kEnd or kError.
std::vector<Token> lex(std::string_view text);

// How Prometheus names a token in "unexpected ..." messages:
// `identifier "foo"`, `number "2"`, `"("`, `<op:+>`, `<by>`, `<aggr:sum>`,
// `end of input`.
std::string describe_token(const Token& token);

// Whether `word` (in lower case) is one of PromQL's aggregation operators.
bool is_aggregation_keyword(std::string_view word);

}  // namespace firedrill::promql
