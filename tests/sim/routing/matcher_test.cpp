// Alertmanager matchers: the syntax of Alertmanager 0.25's labels.ParseMatchers
// (checked against amtool), printing, and matching with missing labels and
// anchored regexes.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>

#include "sim/routing/matcher.h"

using namespace firedrill;

namespace {

using Op = LabelMatcher::Op;

// The matchers of `text` as Alertmanager prints them.
std::string parsed(const std::string& text) {
  return format_matchers(parse_matchers(text));
}

// The error of parsing `text`: "offset: message".
std::string parse_error(const std::string& text) {
  try {
    parse_matchers(text);
  } catch (const MatcherError& e) {
    return std::to_string(e.offset) + ": " + e.what();
  }
  return "no error";
}

std::size_t error_offset(const std::string& text) {
  try {
    parse_matchers(text);
  } catch (const MatcherError& e) {
    return e.offset;
  }
  return std::string::npos;
}

}  // namespace

TEST_CASE("parse_matchers reads the four operators, quoted or bare values", "[routing]") {
  const LabelMatchers m = parse_matchers("severity=\"critical\"");
  REQUIRE(m.size() == 1);
  CHECK(m[0].name == "severity");
  CHECK(m[0].op == Op::kEqual);
  CHECK(m[0].value == "critical");
  CHECK(m[0].regex == nullptr);

  CHECK(parse_matchers("team!=web")[0].op == Op::kNotEqual);
  CHECK(parse_matchers("team!=web")[0].value == "web");
  const LabelMatcher re = parse_matchers("service=~\"foo|bar\"")[0];
  CHECK(re.op == Op::kRegex);
  CHECK(re.value == "foo|bar");
  CHECK(re.regex != nullptr);
  CHECK(parse_matchers("service!~db.*")[0].op == Op::kNotRegex);
  // '=~' is one operator, '==' is '=' and a value starting with '='.
  CHECK(parsed("a=~b") == "{a=~\"b\"}");
  CHECK(parsed("a==b") == "{a=\"=b\"}");
  CHECK(parsed("a=") == "{a=\"\"}");
  CHECK(parsed("a=\"\"") == "{a=\"\"}");
}

TEST_CASE("parse_matchers splits at commas outside quotes, with optional braces", "[routing]") {
  CHECK(parsed("{a=b, c=~d}") == "{a=\"b\",c=~\"d\"}");
  CHECK(parsed("a=b,c!=d") == "{a=\"b\",c!=\"d\"}");
  CHECK(parsed("a=\"b,c\"") == "{a=\"b,c\"}");
  CHECK(parsed("{ a = b }") == "{a=\"b\"}");
  CHECK(parsed("  a  =  b  ") == "{a=\"b\"}");
  // A trailing comma (and blanks) is dropped; braces are trimmed one each.
  CHECK(parsed("a=~b,") == "{a=~\"b\"}");
  CHECK(parsed("a=b, ") == "{a=\"b\"}");
  CHECK(parsed("a=b, }") == "{a=\"b\"}");
  CHECK(parsed("{a=b") == "{a=\"b\"}");
  CHECK(parsed("a=b}") == "{a=\"b\"}");
  CHECK(parsed("{a=b}, c=d") == "{a=\"b}\",c=\"d\"}");
  // Nothing at all is no matcher.
  CHECK(parse_matchers("").empty());
  CHECK(parse_matchers("{}").empty());
  // Names may hold ':' as Alertmanager 0.25's parser allows.
  CHECK(parsed("a:b=\"c\"") == "{a:b=\"c\"}");
}

TEST_CASE("parse_matchers unescapes quoted values as Alertmanager does", "[routing]") {
  CHECK(parse_matchers(R"(a="b\"c")")[0].value == "b\"c");
  CHECK(parse_matchers(R"(a="b\nc")")[0].value == "b\nc");
  CHECK(parse_matchers(R"(a="b\\")")[0].value == "b\\");
  // A spurious escape keeps its backslash; so does a trailing one.
  CHECK(parse_matchers(R"(a="b\tc")")[0].value == "b\\tc");
  CHECK(parse_matchers(R"(a=b\)")[0].value == "b\\");
  CHECK(parse_matchers("a=\"caf\xc3\xa9\"")[0].value == "caf\xc3\xa9");
  // Printing escapes \, " and newline only (OpenMetrics).
  CHECK(parsed(R"(a="b\tc")") == R"({a="b\\tc"})");
  CHECK(parsed(R"(a="b\"c\nd")") == R"({a="b\"c\nd"})");
  CHECK(parsed(R"(a="\\\\")") == R"({a="\\\\"})");
}

TEST_CASE("parse_matchers reports errors with the byte offset of the problem", "[routing]") {
  CHECK(parse_error("1a=b") ==
        "0: bad matcher format: '1a=b' does not start with a label name (letters, digits, '_' "
        "and ':', not starting with a digit)");
  CHECK(error_offset("  1a=b") == 2);
  CHECK(parse_error("a") ==
        "1: bad matcher format: 'a' has no operator after label name 'a' (expected =, !=, =~ or "
        "!~)");
  CHECK(error_offset("x=y, a-b=c") == 6);
  CHECK(parse_error("a=b,,c=d") ==
        "4: bad matcher format: empty matcher (expected e.g. severity=\"critical\")");
  // An unescaped quote inside a value, and a missing closing quote.
  CHECK(parse_error("a=b\"c") ==
        "3: matcher value contains unescaped double quote: b\"c (write \\\" inside a value)");
  CHECK(error_offset("x=1, a=\"b\"c") == 9);
  CHECK(parse_error("a=\"b") ==
        "2: matcher value contains unescaped double quote: \"b (no closing quote)");
  CHECK(error_offset(R"(a="b\")") == 2);
  // A bad regex, at the start of its value (inside the quotes).
  CHECK(parse_error("a=~\"(\"") ==
        "4: invalid regular expression '(' for label 'a': missing closing ): `^(?:()$`");
  CHECK(error_offset("{x=1, y=~[}") == 9);
  CHECK(error_offset("a=\"\xff\"") == 3);
  CHECK_THROWS_AS(parse_matchers("a=\xc3("), MatcherError);
}

TEST_CASE("parse_matcher reads one matcher, commas included, as amtool's labels", "[routing]") {
  const LabelMatcher m = parse_matcher("service=a,b");
  CHECK(m.name == "service");
  CHECK(m.value == "a,b");
  CHECK(parse_matcher("severity=\"page\"").value == "page");
  CHECK_THROWS_AS(parse_matcher("=x"), MatcherError);
}

TEST_CASE("matchers treat a missing label as the empty string", "[routing]") {
  const Labels labels = {{"alertname", "WebDown"}, {"severity", "page"}};
  CHECK(parse_matchers("severity=page")[0].matches(labels));
  CHECK_FALSE(parse_matchers("severity=critical")[0].matches(labels));
  CHECK(parse_matchers("team=\"\"")[0].matches(labels));
  CHECK(parse_matchers("team!=web")[0].matches(labels));
  CHECK_FALSE(parse_matchers("team!=\"\"")[0].matches(labels));
  CHECK(parse_matchers("team=~\"web|\"")[0].matches(labels));
  CHECK(parse_matchers("team!~\".+\"")[0].matches(labels));
  CHECK_FALSE(parse_matchers("team=~\".+\"")[0].matches(labels));
  CHECK(matches_all({}, labels));
  CHECK(matches_all(parse_matchers("alertname=WebDown, severity=~pa.e"), labels));
  CHECK_FALSE(matches_all(parse_matchers("alertname=WebDown, severity=warning"), labels));
}

TEST_CASE("regex matchers are anchored at both ends", "[routing]") {
  const LabelMatcher m = parse_matchers("service=~\"check|cart\"")[0];
  CHECK(m.matches({{"service", "check"}}));
  CHECK(m.matches({{"service", "cart"}}));
  CHECK_FALSE(m.matches({{"service", "checkout"}}));
  CHECK_FALSE(m.matches({{"service", "mycart"}}));
  const LabelMatcher not_re = parse_matchers("service!~check")[0];
  CHECK(not_re.matches({{"service", "checkout"}}));
  CHECK_FALSE(not_re.matches({{"service", "check"}}));
}

TEST_CASE("make_matcher builds matchers of the old match and match_re maps", "[routing]") {
  const LabelMatcher eq = make_matcher("service", Op::kEqual, "a|b");
  CHECK(eq.matches({{"service", "a|b"}}));
  CHECK(eq.str() == "service=\"a|b\"");
  const LabelMatcher re = make_matcher("service", Op::kRegex, "^(?:a|b)$");
  CHECK(re.matches({{"service", "b"}}));
  CHECK_FALSE(re.matches({{"service", "ab"}}));
  CHECK(re.str() == "service=~\"^(?:a|b)$\"");
  CHECK_THROWS_AS(make_matcher("a-b", Op::kEqual, "x"), MatcherError);
  CHECK_THROWS_AS(make_matcher("a:b", Op::kEqual, "x"), MatcherError);
  CHECK_THROWS_AS(make_matcher("a", Op::kRegex, "("), MatcherError);
}

TEST_CASE("sort_matchers orders by name, value, then operator as Alertmanager", "[routing]") {
  LabelMatchers m = parse_matchers("z=1, a=~\"2\", a!=\"1\", a=\"1\"");
  sort_matchers(m);
  CHECK(format_matchers(m) == "{a=\"1\",a!=\"1\",a=~\"2\",z=\"1\"}");
}

TEST_CASE("parse_matchers never crashes and places errors inside the text", "[routing]") {
  // Random text over the characters the parser treats specially.
  const std::string alphabet = "ab_:1=!~\",{}\\ \n(|.*\xc3\xa9\xff";
  std::uint32_t state = 12345;
  auto next = [&state] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    const std::size_t length = next() % 16;
    for (std::size_t k = 0; k < length; ++k) text += alphabet[next() % alphabet.size()];
    try {
      for (const LabelMatcher& m : parse_matchers(text)) {
        CHECK_FALSE(m.name.empty());
        CHECK((m.regex != nullptr) == (m.op == Op::kRegex || m.op == Op::kNotRegex));
        m.matches({{m.name, m.value}});
      }
    } catch (const MatcherError& e) {
      INFO("text: " << text);
      CHECK(e.offset <= text.size());
    }
  }
}
