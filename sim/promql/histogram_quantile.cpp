// histogram_quantile over classic histograms: one series per bucket, the
// upper bound in the `le` label, grouped by all other labels.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <map>
#include <string>

#include "sim/promql/eval_internal.h"

namespace firedrill::promql::internal {
namespace {

struct Bucket {
  double upper_bound;
  double count;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Go's strconv.ParseFloat for the spellings bucket bounds use.
bool parse_bound(std::string_view text, double& out) {
  if (text.empty()) return false;
  std::string s(text);
  char* end = nullptr;
  errno = 0;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && errno != ERANGE;
}

// Prometheus' bucketQuantile.
double bucket_quantile(double q, std::vector<Bucket>& buckets) {
  if (std::isnan(q)) return kNaN;
  if (q < 0) return -kInf;
  if (q > 1) return kInf;
  std::sort(buckets.begin(), buckets.end(),
            [](const Bucket& a, const Bucket& b) { return a.upper_bound < b.upper_bound; });
  if (!(std::isinf(buckets.back().upper_bound) && buckets.back().upper_bound > 0)) return kNaN;

  // Buckets with the same bound (say "1" and "1.0") add up.
  std::vector<Bucket> merged;
  merged.reserve(buckets.size());
  for (const Bucket& b : buckets) {
    if (!merged.empty() && merged.back().upper_bound == b.upper_bound) {
      merged.back().count += b.count;
    } else {
      merged.push_back(b);
    }
  }
  // Counts scraped at slightly different times can decrease; force them up.
  double max = -kInf;
  for (Bucket& b : merged) {
    if (b.count > max) {
      max = b.count;
    } else if (b.count < max) {
      b.count = max;
    }
  }
  if (merged.size() < 2) return kNaN;
  const double observations = merged.back().count;
  if (observations == 0) return kNaN;
  double rank = q * observations;
  // The first bucket (the +Inf one excluded) whose count reaches the rank.
  std::size_t b = 0;
  const std::size_t last = merged.size() - 1;
  while (b < last && !(merged[b].count >= rank)) ++b;
  if (b == last) return merged[last - 1].upper_bound;
  if (b == 0 && merged[0].upper_bound <= 0) return merged[0].upper_bound;
  double bucket_start = 0;
  const double bucket_end = merged[b].upper_bound;
  double count = merged[b].count;
  if (b > 0) {
    bucket_start = merged[b - 1].upper_bound;
    count -= merged[b - 1].count;
    rank -= merged[b - 1].count;
  }
  return bucket_start + (bucket_end - bucket_start) * (rank / count);
}

}  // namespace

Vector histogram_quantile(double q, const Vector& input) {
  std::map<LabelSet, std::vector<Bucket>> histograms;
  for (const VectorElement& element : input) {
    double bound;
    if (!parse_bound(label_value(element.labels, "le"), bound)) continue;
    LabelSet labels;
    for (const auto& label : element.labels) {
      if (label.first != "le" && label.first != kMetricNameLabel) labels.push_back(label);
    }
    histograms[std::move(labels)].push_back({bound, element.value});
  }
  Vector out;
  out.reserve(histograms.size());
  for (auto& [labels, buckets] : histograms) {
    out.push_back({labels, bucket_quantile(q, buckets)});
  }
  return out;
}

}  // namespace firedrill::promql::internal
