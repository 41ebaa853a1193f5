#include <catch2/catch.hpp>

#include "sim/base/input_error.h"
#include "sim/base/suggest.h"
#include "sim/base/units.h"

using namespace firedrill;

TEST_CASE("sizes parse in binary and decimal units", "[units]") {
  CHECK(parse_bytes("512MiB") == 512 * kMiB);
  CHECK(parse_bytes("1GiB") == kGiB);
  CHECK(parse_bytes("1.5GiB") == 3 * kGiB / 2);
  CHECK(parse_bytes("256KiB") == 256 * kKiB);
  CHECK(parse_bytes("100MB") == 100'000'000);
  CHECK(parse_bytes("4096") == 4096);
  CHECK(parse_bytes("4096B") == 4096);
  CHECK_THROWS_WITH(parse_bytes("12 parsecs"), Catch::Contains("unknown unit ' parsecs'"));
  CHECK_THROWS_WITH(parse_bytes("MiB"), Catch::Contains("must start with a number"));
}

TEST_CASE("sizes format in the largest binary unit", "[units]") {
  CHECK(format_bytes(kGiB) == "1GiB");
  CHECK(format_bytes(300.0 * kMiB) == "300MiB");
  CHECK(format_bytes(1.5 * kGiB) == "1.5GiB");
  CHECK(format_bytes(512) == "512B");
}

TEST_CASE("rates are per second, minute or hour", "[units]") {
  CHECK(parse_rate("400/s") == 400.0);
  CHECK(parse_rate("30/m") == 0.5);
  CHECK(parse_rate("3600/h") == 1.0);
  CHECK(parse_rate("12.5") == 12.5);
  CHECK_THROWS_WITH(parse_rate("5/fortnight"), Catch::Contains("unknown unit '/fortnight'"));
}

TEST_CASE("did-you-mean suggests the closest plausible name", "[suggest]") {
  std::vector<std::string> names{"checkout", "catalog", "cart", "frontend"};
  CHECK(did_you_mean("chekout", names) == " (did you mean 'checkout'?)");
  CHECK(did_you_mean("frontned", names) == " (did you mean 'frontend'?)");
  CHECK(did_you_mean("database", names).empty());
  CHECK(edit_distance("kitten", "sitting") == 3);
  CHECK(edit_distance("ab", "ba") == 1);
}
