#include <catch2/catch.hpp>

#include "sim/promql/regex.h"

using namespace firedrill::promql;

namespace {

std::unique_ptr<Regex> compile(std::string_view pattern) {
  std::string error;
  std::unique_ptr<Regex> regex = Regex::compile(pattern, error);
  INFO(error);
  REQUIRE(regex);
  return regex;
}

}  // namespace

TEST_CASE("regexes match whole label values only", "[promql][regex]") {
  auto re = compile("5..|4.*");
  CHECK(re->full_match("500"));
  CHECK(re->full_match("4"));
  CHECK_FALSE(re->full_match("1500"));
  CHECK_FALSE(re->full_match("5000"));
  CHECK(compile("")->full_match(""));
  CHECK_FALSE(compile(".*")->full_match("a\nb"));  // no (?s), as Prometheus 2.42
  CHECK(compile("(?i)get")->full_match("GET"));
  CHECK(re->pattern() == "5..|4.*");
}

TEST_CASE("bad regexes report what Go would", "[promql][regex]") {
  std::string error;
  CHECK(Regex::compile("(", error) == nullptr);
  CHECK(error == "missing closing ): `^(?:()$`");
  CHECK(Regex::compile("[z-a]", error) == nullptr);
  CHECK(error == "invalid character class range: `z-a`");
}

TEST_CASE("replace expands groups as Go's regexp.Expand", "[promql][regex]") {
  auto re = compile("(?P<host>[a-z]+):([0-9]+)");
  std::string out;
  REQUIRE(re->replace("web:8080", "$1-$2", out));
  CHECK(out == "web-8080");
  REQUIRE(re->replace("web:8080", "${host}_${2}x", out));
  CHECK(out == "web_8080x");
  REQUIRE(re->replace("web:8080", "$2x", out));
  CHECK(out == "");  // "$2x" names the group "2x", which does not exist
  REQUIRE(re->replace("web:8080", "$$1 $ ${", out));
  CHECK(out == "$1 $ ${");
  REQUIRE(re->replace("web:8080", "$host$9", out));
  CHECK(out == "web");
  CHECK_FALSE(re->replace("web:8080 ", "$1", out));
  auto optional = compile("a(b)?");
  REQUIRE(optional->replace("a", "[$1]", out));
  CHECK(out == "[]");
}
