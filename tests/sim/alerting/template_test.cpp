// Alert templates expand as Prometheus 2.42 expands them: every expected text
// here was produced by promtool 2.42 from the same template and sample.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>

#include "sim/alerting/template.h"

namespace firedrill {
namespace {

std::string expand(const std::string& text, const Labels& labels, double value,
                   const std::string& url = "") {
  const Labels external;
  return Template::parse(text, "__alert_A")->expand({&labels, value, &external, url});
}

// The annotation promtool expanded for each value below.
const char* const kFormats =
    "v={{ $value }} h={{ humanize $value }} h2={{ humanize1024 $value }} d={{ humanizeDuration "
    "$value }} p={{ humanizePercentage $value }} t={{ humanizeTimestamp $value }} f={{ printf "
    "\"%.2f\" $value }} miss=[{{ $labels.nope }}] ext={{ $externalURL }}";

TEST_CASE("template values print as Go prints a float64 and humanize as Prometheus does") {
  const Labels labels = {{"__name__", "m"}, {"i", "0"}};
  const double inf = std::numeric_limits<double>::infinity();
  const std::pair<double, const char*> cases[] = {
      {1000000,
       "v=1e+06 h=1M h2=976.6ki d=11d 13h 46m 40s p=1e+08% t=1970-01-12 13:46:40 +0000 UTC "
       "f=1000000.00 miss=[] ext="},
      {1234567,
       "v=1.234567e+06 h=1.235M h2=1.177Mi d=14d 6h 56m 7s p=1.235e+08% t=1970-01-15 06:56:07 "
       "+0000 UTC f=1234567.00 miss=[] ext="},
      {0.0001,
       "v=0.0001 h=100u h2=0.0001 d=100us p=0.01% t=1970-01-01 00:00:00 +0000 UTC f=0.00 miss=[] "
       "ext="},
      {0.00001,
       "v=1e-05 h=10u h2=1e-05 d=10us p=0.001% t=1970-01-01 00:00:00 +0000 UTC f=0.00 miss=[] "
       "ext="},
      {1.5,
       "v=1.5 h=1.5 h2=1.5 d=1.5s p=150% t=1970-01-01 00:00:01.5 +0000 UTC f=1.50 miss=[] ext="},
      {std::nan(""), "v=NaN h=NaN h2=NaN d=NaN p=NaN% t=NaN f=NaN miss=[] ext="},
      {inf, "v=+Inf h=+Inf h2=+Inf d=+Inf p=+Inf% t=+Inf f=+Inf miss=[] ext="},
      {-2.5,
       "v=-2.5 h=-2.5 h2=-2.5 d=-2.5s p=-250% t=1969-12-31 23:59:57.5 +0000 UTC f=-2.50 miss=[] "
       "ext="},
      {0, "v=0 h=0 h2=0 d=0s p=0% t=1970-01-01 00:00:00 +0000 UTC f=0.00 miss=[] ext="},
      {1e-7,
       "v=1e-07 h=100n h2=1e-07 d=100ns p=1e-05% t=1970-01-01 00:00:00 +0000 UTC f=0.00 miss=[] "
       "ext="},
      {3600.5,
       "v=3600.5 h=3.6k h2=3.516ki d=1h 0m 0s p=3.6e+05% t=1970-01-01 01:00:00.5 +0000 UTC "
       "f=3600.50 miss=[] ext="},
      {90061,
       "v=90061 h=90.06k h2=87.95ki d=1d 1h 1m 1s p=9.006e+06% t=1970-01-02 01:01:01 +0000 UTC "
       "f=90061.00 miss=[] ext="},
      {0.5,
       "v=0.5 h=500m h2=0.5 d=500ms p=50% t=1970-01-01 00:00:00.5 +0000 UTC f=0.50 miss=[] ext="},
  };
  for (const auto& [value, expected] : cases) {
    INFO("value " << value);
    CHECK(expand(kFormats, labels, value) == expected);
  }
}

TEST_CASE("a template error at expansion becomes Prometheus' error text") {
  const Labels labels = {{"__name__", "m"}};
  CHECK(expand(kFormats, labels, 1e20) ==
        "<error expanding template: error executing template __alert_A: template: "
        "__alert_A:1:251: executing \"__alert_A\" at <humanizeTimestamp $value>: error calling "
        "humanizeTimestamp: 1e+20 cannot be represented as a nanoseconds timestamp since it "
        "overflows int64>");
  CHECK(expand("x\n  {{ humanizeTimestamp $value }}", labels, 1e20) ==
        "<error expanding template: error executing template __alert_A: template: "
        "__alert_A:2:5: executing \"__alert_A\" at <humanizeTimestamp $value>: error calling "
        "humanizeTimestamp: 1e+20 cannot be represented as a nanoseconds timestamp since it "
        "overflows int64>");
}

TEST_CASE("control structures, pipelines, trim markers and functions match Go") {
  const Labels labels = {{"__name__", "m"}, {"i", "1"}, {"job", "aab"}};
  const double v = 12.5;
  CHECK(expand("{{ if gt $value 10.0 }}page{{ else }}ticket{{ end }}", labels, v) == "page");
  CHECK(expand("{{ if gt $value 20.0 }}page{{ else if gt $value 5.0 }}mid{{ else }}low{{ end }}",
               labels, v) == "mid");
  CHECK(expand("{{ range $k, $v := $labels }}{{ $k }}={{ $v }};{{ end }}", labels, v) ==
        "__name__=m;i=1;job=aab;");
  CHECK(expand("x  {{- .Labels.job -}}  y|{{ $value | printf \"%.3e\" }}|{{ printf "
               "\"%5.1f|%-4d|%s|%q|%x|%v|%d\" $value 42 \"s\" \"q\" 255 true $value }}",
               labels, v) == "xaaby|1.250e+01| 12.5|42  |s|\"q\"|ff|true|%!d(float64=12.5)");
  CHECK(expand("{{ reReplaceAll \"(a+)(b)\" \"$2-${1}x\" $labels.job }}|{{ title \"hello "
               "wo_rld-x\" }}|{{ toUpper \"abc\" }}|{{ match \"^ap\" $labels.job }}|{{ $labels }}",
               labels, v) == "b-aax|Hello Wo_rld-X|ABC|false|map[__name__:m i:1 job:aab]");
  CHECK(expand("{{ with $labels.job }}J={{ . }}{{ end }}|{{ if eq $labels.job \"aab\" \"x\" "
               "}}yes{{ end }}|{{ len $labels }}|{{ index $labels \"job\" }}|{{ print 1 2 \"a\" "
               "\"b\" 3.5 }}|{{ humanize \"12345\" }}|{{ $externalURL }}",
               labels, v) == "J=aab|yes|3|aab|1 2ab3.5|12.35k|");
  CHECK(expand("{{ printf \"%s\" $value }}|{{ printf \"%d %d\" 1 }}|{{ printf \"%d\" 1 2 }}|{{ "
               "printf \"%g %G %e %.0f %08.3f %+d\" 1e21 1e-7 0.0 2.5 -3.14159 5 }}",
               labels, v) ==
        "%!s(float64=12.5)|1 %!d(MISSING)|1%!(EXTRA int=2)|1e+21 1E-07 0.000000e+00 2 -003.142 +5");
  CHECK(expand("{{/* a comment */}}{{ $x := \"declared\" }}{{ $x }} at {{ $externalURL }}", labels,
               v, "http://prom") == "declared at http://prom");
}

TEST_CASE("a text without actions is constant") {
  const auto t = Template::parse("plain text", "__alert_A");
  CHECK(t->is_constant());
  CHECK_FALSE(Template::parse("{{ $value }}", "__alert_A")->is_constant());
}

TEST_CASE("templates Prometheus would refuse are refused at parse time with the position") {
  const auto error_of = [](const std::string& text) -> std::pair<std::string, int> {
    try {
      Template::parse(text, "__alert_A");
    } catch (const TemplateError& e) {
      return {e.what(), e.position()};
    }
    return {"", -1};
  };
  CHECK(error_of("ok {{ foo $value }}") ==
        std::pair<std::string, int>{"function \"foo\" not defined", 6});
  CHECK(error_of("{{ $nope }}") == std::pair<std::string, int>{"undefined variable \"$nope\"", 3});
  CHECK(error_of("{{ if }}x{{ end }}").first == "missing value for if");
  CHECK(error_of("{{ $value ").first == "unclosed action");
  CHECK(error_of("{{ if true }}x").first == "unexpected EOF");
  CHECK(error_of("{{ end }}").first == "unexpected {{end}}");
  CHECK(error_of("{{ humanize 1 2 }}").first == "wrong number of args for humanize: want 1 got 2");
  CHECK(error_of("{{ .Foo }}").first.rfind("can't evaluate field Foo", 0) == 0);
  CHECK(error_of("{{ template \"x\" }}").first == "'template' is not supported in alert templates");
}

TEST_CASE("printf widths and precisions Go refuses are refused as Go does, not allocated") {
  const Labels labels = {{"__name__", "m"}};
  // Expected texts from promtool 2.42.
  CHECK(expand("{{ printf \"%*d|\" 2000000000 7 }}", labels, 0) == "%!(BADWIDTH)7|");
  CHECK(expand("{{ printf \"%99999999999d|\" 7 }}", labels, 0) == "%!(NOVERB)%!(EXTRA int=7)");
  CHECK(expand("{{ printf \"%*d|\" -3 7 }}", labels, 0) == "7  |");
  CHECK(expand("{{ printf \"%.*f|\" 2 1.5 }}", labels, 0) == "1.50|");
  CHECK(expand("{{ printf \"%*d|\" \"x\" 7 }}", labels, 0) == "%!(BADWIDTH)7|");
  CHECK(expand("{{ printf \"%.*f|\" -2 1.5 }}", labels, 0) == "%!(BADPREC)1.500000|");
}

TEST_CASE("deeply nested templates are refused, not a stack overflow") {
  const auto error_of = [](const std::string& text) -> std::string {
    try {
      Template::parse(text, "__alert_A");
    } catch (const TemplateError& e) {
      return e.what();
    }
    return "";
  };
  const int n = 100000;
  std::string parens = "{{ ";
  for (int i = 0; i < n; ++i) parens += "(";
  CHECK(error_of(parens) == "max expression depth exceeded");
  std::string ifs;
  for (int i = 0; i < n; ++i) ifs += "{{ if 1 }}";
  CHECK(error_of(ifs) == "max expression depth exceeded");
  std::string else_ifs = "{{ if 0 }}";
  for (int i = 0; i < n; ++i) else_ifs += "{{ else if 0 }}";
  CHECK(error_of(else_ifs + "{{ end }}") == "max expression depth exceeded");
  // Nesting as deep as real templates go still works.
  std::string nested;
  for (int i = 0; i < 50; ++i) nested += "{{ if 1 }}(";
  nested += "x";
  for (int i = 0; i < 50; ++i) nested += "){{ end }}";
  CHECK(expand(nested, {}, 0) == std::string(50, '(') + "x" + std::string(50, ')'));
}

TEST_CASE("a function given as an argument is called without arguments, as in Go") {
  const Labels labels = {{"__name__", "m"}};
  // Expected texts from promtool 2.42.
  CHECK(expand("x {{ print humanize }}", labels, 0) ==
        "<error expanding template: error executing template __alert_A: template: "
        "__alert_A:1:123: executing \"__alert_A\" at <humanize>: wrong number of args for "
        "humanize: want 1 got 0>");
  CHECK(expand("{{ printf \"%s\" 1 | printf \"%v %v\" toUpper }}", labels, 0) ==
        "<error expanding template: error executing template __alert_A: template: "
        "__alert_A:1:146: executing \"__alert_A\" at <toUpper>: wrong number of args for "
        "toUpper: want 1 got 0>");
  CHECK(expand("{{ print print }}", labels, 0).empty());
}

}  // namespace
}  // namespace firedrill
