#include "sim/base/random.h"

#include <cassert>
#include <cmath>
#include <numbers>

namespace firedrill {
namespace {

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// 128-bit product for Lemire's method (a GCC/Clang extension).
__extension__ typedef unsigned __int128 U128;

// z such that P(N(0,1) < z) = 0.99.
constexpr double kZ99 = 2.3263478740408408;

}  // namespace

std::uint64_t stable_hash(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = splitmix64(state);
}

RandomStream::RandomStream(std::uint64_t seed, std::string_view name)
    : RandomStream(seed ^ (stable_hash(name) * 0x9e3779b97f4a7c15ULL)) {}

std::uint64_t RandomStream::below(std::uint64_t n) {
  assert(n > 0);
  // Lemire's multiply-and-reject method.
  std::uint64_t x = next_u64();
  U128 m = static_cast<U128>(x) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      x = next_u64();
      m = static_cast<U128>(x) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

double RandomStream::exponential(double mean) {
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - uniform01());
}

double RandomStream::normal() {
  const double u1 = 1.0 - uniform01();  // (0, 1]
  const double u2 = uniform01();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double RandomStream::lognormal(double mu, double sigma) {
  return std::exp(mu + sigma * normal());
}

std::size_t RandomStream::discrete(std::span<const double> weights) {
  double total = 0;
  for (double w : weights) total += w;
  assert(total > 0);
  double x = uniform01() * total;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  // Rounding left x just above the last bucket: pick the last positive weight.
  for (std::size_t i = weights.size(); i-- > 0;) {
    if (weights[i] > 0) return i;
  }
  return 0;
}

LognormalFit LognormalFit::from_p50_p99(double p50, double p99) {
  assert(p50 > 0 && p99 >= p50);
  return {std::log(p50), std::log(p99 / p50) / kZ99};
}

double LognormalFit::mean() const {
  return std::exp(mu + sigma * sigma / 2);
}

}  // namespace firedrill
