// PHOLD, the classic synthetic benchmark of discrete-event engines, written
// once for every C++ event queue that is measured against it.
//
// N logical processes (LPs). Each starts with one message. Handling a message
// at an LP counts it there, picks a destination LP uniformly and sends a new
// message that arrives after exponential(1) + 0.1 simulated seconds. The
// message population stays N; the run stops at a simulated end time.
//
// Peers differ only in the queue that orders (time, seq, lp): every draw and
// every piece of LP state is here, so equal checksums prove that two queues
// executed the same events in the same order.
#pragma once

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <vector>

#include "sim/base/random.h"
#include "sim/base/time.h"

namespace firedrill::bench {

// Size of one PHOLD run; the defaults execute about 4 million events.
struct PholdConfig {
  std::uint32_t lps = 1000;
  double end_seconds = 4400;
  std::uint64_t seed = 42;

  SimTime end_time() const { return std::llround(end_seconds * 1e6); }
};

// Reads --lps N, --end-seconds S, --seed X. Exits with a usage line otherwise.
inline PholdConfig parse_phold_args(int argc, char** argv) {
  PholdConfig config;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (i + 1 < argc && arg == "--lps") {
      config.lps = static_cast<std::uint32_t>(std::strtoul(argv[++i], nullptr, 10));
    } else if (i + 1 < argc && arg == "--end-seconds") {
      config.end_seconds = std::strtod(argv[++i], nullptr);
    } else if (i + 1 < argc && arg == "--seed") {
      config.seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: %s [--lps N] [--end-seconds S] [--seed X]\n", argv[0]);
      std::exit(2);
    }
  }
  if (config.lps == 0 || !(config.end_seconds > 0)) {
    std::fprintf(stderr, "%s: --lps and --end-seconds must be positive\n", argv[0]);
    std::exit(2);
  }
  return config;
}

// The LPs' state and the model's random draws.
class PholdModel {
 public:
  explicit PholdModel(const PholdConfig& config) : rng_(config.seed), received_(config.lps, 0) {}

  std::uint32_t lps() const { return static_cast<std::uint32_t>(received_.size()); }

  // The delay of a message: exponential(1) + 0.1 s, in whole microseconds.
  SimTime draw_delay() { return std::llround((rng_.exponential(1.0) + 0.1) * 1e6); }

  // Handles the message arriving at `lp` at `now`; calls send(delay, dest)
  // once for the message it sends on. Draw order: destination, then delay.
  template <class Send>
  void on_message(SimTime now, std::uint32_t lp, Send&& send) {
    ++received_[lp];
    // Order-sensitive digest of the executed (time, lp) sequence.
    trace_ = (trace_ ^ static_cast<std::uint64_t>(now)) * kFnvPrime;
    trace_ = (trace_ ^ lp) * kFnvPrime;
    const auto dest = static_cast<std::uint32_t>(rng_.below(received_.size()));
    send(draw_delay(), dest);
  }

  // Deterministic digest of the run: the event trace and the per-LP counts.
  std::uint64_t checksum() const {
    std::uint64_t weighted = 0;
    for (std::size_t i = 0; i < received_.size(); ++i) weighted += (i + 1) * received_[i];
    return trace_ ^ (weighted * 0x9e3779b97f4a7c15ULL);
  }

 private:
  static constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

  RandomStream rng_;
  std::vector<std::uint64_t> received_;  // messages handled per LP
  std::uint64_t trace_ = 0xcbf29ce484222325ULL;
};

// Wall time of the measured part of a benchmark (never model time).
class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// The one-line JSON result that bench/run parses.
inline void print_phold_result(std::uint64_t events, double wall_seconds, std::uint64_t checksum) {
  std::printf(
      "{\"events\": %llu, \"wall_seconds\": %.6f, \"events_per_second\": %.1f, "
      "\"checksum\": \"%016llx\"}\n",
      static_cast<unsigned long long>(events), wall_seconds,
      wall_seconds > 0 ? static_cast<double>(events) / wall_seconds : 0.0,
      static_cast<unsigned long long>(checksum));
}

}  // namespace firedrill::bench
