#include <catch2/catch.hpp>

#include "sim/promql/lexer.h"

using namespace firedrill::promql;

TEST_CASE("tokens carry their kind, text and byte positions", "[promql][lexer]") {
  std::vector<Token> tokens = lex("sum by (job) (rate(a:b{c=~'x'}[1h30m])) >= bool 0x1F # note");
  std::vector<TokenKind> kinds;
  for (const Token& t : tokens) kinds.push_back(t.kind);
  using K = TokenKind;
  CHECK(kinds == std::vector<TokenKind>{
                     K::kKeyword,          K::kKeyword,    K::kLeftParen,   K::kIdentifier,
                     K::kRightParen,       K::kLeftParen,  K::kIdentifier,  K::kLeftParen,
                     K::kMetricIdentifier, K::kLeftBrace,  K::kIdentifier,  K::kRegexMatch,
                     K::kString,           K::kRightBrace, K::kLeftBracket, K::kDuration,
                     K::kRightBracket,     K::kRightParen, K::kRightParen,  K::kGreaterEqual,
                     K::kKeyword,          K::kNumber,     K::kEnd});
  CHECK(tokens[8].text == "a:b");
  CHECK(tokens[8].begin == 19);
  CHECK(tokens[8].end == 22);
  CHECK(tokens[12].value == "x");
  CHECK(tokens[15].value == "1h30m");
  CHECK(tokens[21].value == "0x1F");
  CHECK(tokens.back().begin == 59);  // the end of the text
}

TEST_CASE("keywords are case-insensitive outside braces and plain names inside",
          "[promql][lexer]") {
  std::vector<Token> tokens = lex("SUM{by=\"x\"} Offset");
  CHECK(tokens[0].kind == TokenKind::kKeyword);
  CHECK(tokens[0].value == "sum");
  CHECK(tokens[2].kind == TokenKind::kIdentifier);
  CHECK(tokens[6].kind == TokenKind::kKeyword);
  CHECK(tokens[6].value == "offset");
}

TEST_CASE("lexical errors end the token list at the offending character", "[promql][lexer]") {
  std::vector<Token> tokens = lex("a + $");
  REQUIRE(tokens.back().kind == TokenKind::kError);
  CHECK(tokens.back().begin == 4);
  CHECK(tokens.back().value == "unexpected character: '$'");
}

TEST_CASE("tokens are described as in Prometheus messages", "[promql][lexer]") {
  std::vector<Token> tokens = lex("foo a:b 1 \"s\" + and by sum ( 5m");
  std::vector<std::string> described;
  for (const Token& t : tokens) described.push_back(describe_token(t));
  CHECK(described == std::vector<std::string>{"identifier \"foo\"", "metric identifier \"a:b\"",
                                              "number \"1\"", "string \"\\\"s\\\"\"", "<op:+>",
                                              "<op:and>", "<by>", "<aggr:sum>", "\"(\"",
                                              "duration \"5m\"", "unclosed left parenthesis"});
}
