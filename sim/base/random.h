// Random numbers for the model: one generator and the distributions it needs,
// written here so that a seed gives the same numbers with every standard
// library (std:: distributions are implementation-defined).
//
// Each consumer owns an independent stream derived from (seed, stream name),
// e.g. "service:checkout": adding a service to a scenario does not change the
// numbers any other service draws.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace firedrill {

// xoshiro256** seeded through splitmix64: fast, 256 bits of state, passes
// BigCrush. Not cryptographic.
class RandomStream {
 public:
  // A stream for `seed` and a stream name. Same (seed, name), same numbers.
  RandomStream(std::uint64_t seed, std::string_view name);
  // A stream from a raw 64-bit seed (tests and benchmarks).
  explicit RandomStream(std::uint64_t seed);

  // The next 64 random bits.
  std::uint64_t next_u64() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  // Uniform in [0, 1), 53 bits of precision.
  double uniform01() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  // Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  // Uniform integer in [0, n), without modulo bias. n must be > 0.
  std::uint64_t below(std::uint64_t n);
  // True with probability p (p <= 0 never, p >= 1 always; draws either way).
  bool bernoulli(double p) { return uniform01() < p; }
  // Exponential with the given mean (> 0).
  double exponential(double mean);
  // Standard normal N(0, 1), by the Box-Muller transform (two uniforms per draw).
  double normal();
  // Lognormal: exp(mu + sigma * N(0, 1)).
  double lognormal(double mu, double sigma);
  // An index i with probability weights[i] / sum(weights). Weights must be
  // non-negative with a positive sum; linear scan (small tables only).
  std::size_t discrete(std::span<const double> weights);

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

// Parameters of a lognormal distribution fitted to two quantiles.
struct LognormalFit {
  double mu = 0;
  double sigma = 0;

  // The lognormal whose median is p50 and whose 99th percentile is p99
  // (both > 0, p99 >= p50): mu = ln p50, sigma = ln(p99 / p50) / z(0.99).
  static LognormalFit from_p50_p99(double p50, double p99);
  // exp(mu + sigma^2 / 2)
  double mean() const;
};

// 64-bit FNV-1a hash of a string: stable across processes and platforms.
std::uint64_t stable_hash(std::string_view text);

}  // namespace firedrill
