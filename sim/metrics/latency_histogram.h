// A log-linear histogram of durations for exact-enough quantiles in run
// summaries (relative error below 1%), independent of the coarse Prometheus
// buckets that alert rules see.
#pragma once

#include <array>
#include <cstdint>

#include "sim/base/time.h"

namespace firedrill {

class LatencyHistogram {
 public:
  void record(SimTime value);
  std::int64_t count() const { return count_; }
  // The q-quantile (0 <= q <= 1) of the recorded values, or 0 if none: the
  // midpoint of the bucket holding it.
  SimTime quantile(double q) const;
  void merge(const LatencyHistogram& other);

 private:
  static constexpr int kSubBits = 7;  // 128 sub-buckets per power of two
  static constexpr int kSub = 1 << kSubBits;
  static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;
  static int bucket_of(std::uint64_t v);
  static std::uint64_t bucket_low(int bucket);
  static std::uint64_t bucket_high(int bucket);  // exclusive

  std::array<std::int64_t, kBuckets> counts_{};
  std::int64_t count_ = 0;
};

}  // namespace firedrill
