// Pins the outputs of the random streams and distributions for fixed seeds:
// a change to any of these numbers changes every recording, so it must be a
// deliberate, documented format change. Statistical checks below make sure
// the pinned numbers also have the right distribution.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

#include "sim/base/random.h"

using namespace firedrill;

TEST_CASE("raw streams are pinned for a fixed seed", "[random]") {
  RandomStream r(42);
  CHECK(r.next_u64() == 0x15780b2e0c2ec716ULL);
  CHECK(r.next_u64() == 0x6104d9866d113a7eULL);
  RandomStream named(7, "service:checkout");
  CHECK(named.next_u64() == 0xdb7e69f7de28e8bcULL);
}

TEST_CASE("named streams are independent of each other", "[random]") {
  RandomStream a(7, "service:checkout");
  RandomStream b(7, "service:cart");
  RandomStream c(8, "service:checkout");
  const auto first = a.next_u64();
  CHECK(first != b.next_u64());
  CHECK(first != c.next_u64());
  CHECK(RandomStream(7, "service:checkout").next_u64() == first);
}

TEST_CASE("distributions are pinned for a fixed seed", "[random]") {
  RandomStream d(2024, "dist");
  CHECK(d.uniform01() == 0.82525907431401935);
  CHECK(d.uniform(5, 10) == 6.071596982586847);
  CHECK(d.below(10) == 8);
  CHECK(d.below(1000003) == 12499);
  CHECK(d.bernoulli(0.5));
  CHECK_FALSE(d.bernoulli(0.5));
  CHECK(d.exponential(2.0) == Approx(1.2360032064504793).epsilon(1e-15));
  CHECK(d.exponential(0.01) == Approx(0.0049771586422637064).epsilon(1e-15));
  CHECK(d.normal() == Approx(-0.49040948440083809).epsilon(1e-15));
  CHECK(d.normal() == Approx(-1.0185485977450865).epsilon(1e-15));
  auto fit = LognormalFit::from_p50_p99(0.015, 0.080);
  CHECK(fit.mu == Approx(-4.1997050778799272).epsilon(1e-15));
  CHECK(fit.sigma == Approx(0.71957270546300234).epsilon(1e-15));
  CHECK(d.lognormal(fit.mu, fit.sigma) == Approx(0.008494881529994603).epsilon(1e-15));
  CHECK(d.lognormal(fit.mu, fit.sigma) == Approx(0.018087123211343155).epsilon(1e-15));
  const double weights[] = {1, 2, 3, 4};
  CHECK(d.discrete(weights) == 3);
  CHECK(d.discrete(weights) == 2);
  CHECK(d.discrete(weights) == 3);
}

TEST_CASE("distributions have the moments and quantiles they promise", "[random]") {
  RandomStream r(1, "moments");
  const int n = 400000;
  double exp_sum = 0, normal_sum = 0, normal_sq = 0;
  std::vector<double> logn(n);
  auto fit = LognormalFit::from_p50_p99(0.015, 0.080);
  int counts[4] = {};
  const double weights[] = {1, 2, 3, 4};
  for (int i = 0; i < n; ++i) {
    exp_sum += r.exponential(3.0);
    double z = r.normal();
    normal_sum += z;
    normal_sq += z * z;
    logn[i] = r.lognormal(fit.mu, fit.sigma);
    ++counts[r.discrete(weights)];
  }
  CHECK(exp_sum / n == Approx(3.0).epsilon(0.01));
  CHECK(normal_sum / n == Approx(0.0).margin(0.01));
  CHECK(normal_sq / n == Approx(1.0).epsilon(0.01));
  std::sort(logn.begin(), logn.end());
  CHECK(logn[n / 2] == Approx(0.015).epsilon(0.01));
  CHECK(logn[n * 99 / 100] == Approx(0.080).epsilon(0.02));
  for (int i = 0; i < 4; ++i) CHECK(counts[i] / double(n) == Approx((i + 1) / 10.0).epsilon(0.02));
}

TEST_CASE("below() is unbiased and in range", "[random]") {
  RandomStream r(3);
  int counts[3] = {};
  for (int i = 0; i < 300000; ++i) ++counts[r.below(3)];
  for (int c : counts) CHECK(c / 300000.0 == Approx(1.0 / 3).epsilon(0.01));
}
