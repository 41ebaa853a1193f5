#include <catch2/catch.hpp>

#include "sim/base/input_error.h"
#include "sim/base/time.h"

using namespace firedrill;

TEST_CASE("durations parse in every unit", "[time]") {
  CHECK(parse_duration("0") == 0);
  CHECK(parse_duration("100us") == 100);
  CHECK(parse_duration("250ms") == 250 * kMillisecond);
  CHECK(parse_duration("1.5s") == 1500 * kMillisecond);
  CHECK(parse_duration("5m") == 5 * kMinute);
  CHECK(parse_duration("2h") == 2 * kHour);
  CHECK(parse_duration("1d") == kDay);
  CHECK(parse_duration("1h30m15s") == kHour + 30 * kMinute + 15 * kSecond);
  CHECK(parse_duration("0.0015ms") == 2);  // rounds to the nearest microsecond
}

TEST_CASE("bad durations name what was expected", "[time]") {
  auto message = [](std::string_view text) {
    try {
      parse_duration(text);
    } catch (const InputError& e) {
      return e.first().message;
    }
    return std::string("no error");
  };
  CHECK(message("") ==
        "invalid duration '': empty (expected something like 250ms, 30s, 5m, 1h30m)");
  CHECK_THAT(message("5"), Catch::Contains("missing unit"));
  CHECK_THAT(message("5 min"), Catch::Contains("unknown unit ' min'"));
  CHECK_THAT(message("ms"), Catch::Contains("a number must come before each unit"));
  CHECK_THAT(message("-5s"), Catch::Contains("cannot be negative"));
  CHECK_THAT(message("30s1m"), Catch::Contains("largest to smallest"));
}

TEST_CASE("durations format compactly and round-trip", "[time]") {
  CHECK(format_duration(0) == "0s");
  CHECK(format_duration(250 * kMillisecond) == "250ms");
  CHECK(format_duration(1500 * kMillisecond) == "1.5s");
  CHECK(format_duration(90 * kMinute) == "1h30m");
  CHECK(format_duration(20 * kSecond) == "20s");
  CHECK(format_duration(kHour + 5 * kSecond) == "1h5s");
  CHECK(format_duration(7) == "7us");
  for (SimTime d : {SimTime{1}, 999 * kMillisecond, 61 * kSecond + 250 * kMillisecond,
                    3 * kHour + 7 * kMinute, SimTime{1234567}}) {
    CHECK(parse_duration(format_duration(d)) == d);
  }
}

TEST_CASE("the run clock shows hours, minutes, seconds and milliseconds", "[time]") {
  CHECK(format_clock(0) == "00:00:00.000");
  CHECK(format_clock(kHour + 2 * kMinute + 3 * kSecond + 45 * kMillisecond) == "01:02:03.045");
  CHECK(format_clock(26 * kHour) == "26:00:00.000");
}
