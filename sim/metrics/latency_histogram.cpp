#include "sim/metrics/latency_histogram.h"

#include <bit>
#include <cmath>

namespace firedrill {

// Values below kSub map to themselves (exact); above, each power of two is
// cut into kSub equal sub-buckets.
int LatencyHistogram::bucket_of(std::uint64_t v) {
  if (v < kSub) return static_cast<int>(v);
  int magnitude = 63 - std::countl_zero(v);  // >= kSubBits
  int shift = magnitude - kSubBits;
  auto sub = static_cast<int>((v >> shift) - kSub);  // 0..kSub-1
  return (shift + 1) * kSub + sub;
}

std::uint64_t LatencyHistogram::bucket_low(int bucket) {
  if (bucket < kSub) return static_cast<std::uint64_t>(bucket);
  int shift = bucket / kSub - 1;
  auto sub = static_cast<std::uint64_t>(bucket % kSub);
  return (kSub + sub) << shift;
}

std::uint64_t LatencyHistogram::bucket_high(int bucket) {
  if (bucket < kSub) return static_cast<std::uint64_t>(bucket) + 1;
  int shift = bucket / kSub - 1;
  return bucket_low(bucket) + (std::uint64_t{1} << shift);
}

void LatencyHistogram::record(SimTime value) {
  if (value < 0) value = 0;
  ++counts_[bucket_of(static_cast<std::uint64_t>(value))];
  ++count_;
}

SimTime LatencyHistogram::quantile(double q) const {
  if (count_ == 0) return 0;
  // The rank of the wanted value (1-based), nearest-rank definition.
  auto rank = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank < 1) rank = 1;
  std::int64_t seen = 0;
  for (int b = 0; b < kBuckets; ++b) {
    seen += counts_[b];
    if (seen >= rank) {
      if (b < kSub) return b;
      return static_cast<SimTime>((bucket_low(b) + bucket_high(b) - 1) / 2);
    }
  }
  return 0;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
  for (int b = 0; b < kBuckets; ++b) counts_[b] += other.counts_[b];
  count_ += other.count_;
}

}  // namespace firedrill
