// The input_series values notation, as promtool expands it.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/metrics/metric_store.h"
#include "sim/promql/parser.h"
#include "sim/promtest/series_values.h"

namespace firedrill::promtest {
namespace {

std::vector<double> present_values(std::string_view text) {
  std::vector<double> out;
  for (const SeriesValue& v : expand_series_values(text)) {
    if (!v.omitted) out.push_back(v.value);
  }
  return out;
}

int error_position(std::string_view text) {
  try {
    expand_series_values(text);
  } catch (const promql::ParseError& e) {
    return e.position();
  }
  return -1;
}

TEST_CASE("plain numbers expand one value each, with signs, exponents and infinities") {
  const std::vector<double> v = present_values("1 -2 +3 4.5 5e2 -1.5e-1 Inf -Inf");
  REQUIRE(v.size() == 8);
  CHECK(v[0] == 1);
  CHECK(v[1] == -2);
  CHECK(v[2] == 3);
  CHECK(v[3] == 4.5);
  CHECK(v[4] == 500);
  CHECK(v[5] == -0.15);
  CHECK(v[6] == INFINITY);
  CHECK(v[7] == -INFINITY);
  CHECK(std::isnan(present_values("NaN")[0]));
}

TEST_CASE("a+bxN gives N+1 values by repeated addition") {
  CHECK(present_values("0+10x3") == std::vector<double>{0, 10, 20, 30});
  // 1.1 + 0.1 is not 1.2 in binary: promtool gets 1.2000000000000002 too.
  const std::vector<double> v = present_values("1+0.1x3");
  REQUIRE(v.size() == 4);
  CHECK(v[2] == 1.1 + 0.1);
  CHECK(v[3] == 1.1 + 0.1 + 0.1);
}

TEST_CASE("a-bxN counts down and axN repeats a value N+1 times") {
  CHECK(present_values("-2-1x2") == std::vector<double>{-2, -3, -4});
  CHECK(present_values("3x2") == std::vector<double>{3, 3, 3});
  CHECK(present_values("0x0") == std::vector<double>{0});
}

TEST_CASE("underscores leave gaps: _ one, _xN N of them") {
  const std::vector<SeriesValue> v = expand_series_values("1 _ _x3 2");
  REQUIRE(v.size() == 6);
  CHECK_FALSE(v[0].omitted);
  CHECK(v[1].omitted);
  CHECK(v[2].omitted);
  CHECK(v[4].omitted);
  CHECK(v[5].value == 2);
}

TEST_CASE("stale gives a staleness marker") {
  const std::vector<SeriesValue> v = expand_series_values("1 stale");
  REQUIRE(v.size() == 2);
  CHECK(is_stale_marker(v[1].value));
}

TEST_CASE("malformed items are rejected at their offset") {
  CHECK(error_position("1 abc") == 2);
  CHECK(error_position("1 2+x3") == 2);
  CHECK(error_position("1+2") == 0);
  CHECK(error_position("  5x") == 2);
  CHECK(error_position("_x") == 0);
  CHECK(error_position("1 _y2") == 2);
  CHECK(error_position("1x2x3") == 0);
  CHECK_THROWS_WITH(expand_series_values("1 abc"), Catch::Contains("'abc'"));
}

TEST_CASE("repetition counts are bounded in each item and in all of them together") {
  CHECK_THROWS_WITH(expand_series_values("1x999999999999"), Catch::Contains("too"));
  CHECK_THROWS_WITH(expand_series_values("_x99999999999999999999"), Catch::Contains("too"));
  CHECK(expand_series_values("1x9999999").size() == 10'000'000);
  // Many items each within the limit would still exhaust memory.
  CHECK(error_position("1x9999999 2x9999999") == 10);
  CHECK(error_position("1 1x5 _x3") == -1);
  CHECK_THROWS_WITH(expand_series_values("1 1x5 _x3", 9), Catch::Contains("too many values"));
  CHECK(expand_series_values("1 1x5 _x3", 10).size() == 10);
}

}  // namespace
}  // namespace firedrill::promtest
