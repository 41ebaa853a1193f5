#include "sim/metrics/metric_store.h"

#include <algorithm>
#include <cassert>
#include <cstring>

namespace firedrill {
namespace {

// The bit pattern Prometheus writes for a staleness marker.
constexpr std::uint64_t kStaleBits = 0x7ff0000000000002ULL;

}  // namespace

double stale_marker() {
  double v;
  std::memcpy(&v, &kStaleBits, sizeof v);
  return v;
}

bool is_stale_marker(double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits == kStaleBits;
}

std::string_view Series::label(std::string_view name_) const {
  for (const auto& [k, v] : labels) {
    if (k == name_) return v;
  }
  return {};
}

std::string MetricStore::identity(std::string_view name, const Labels& sorted_labels) {
  std::string out(name);
  out += '{';
  bool first = true;
  for (const auto& [k, v] : sorted_labels) {
    if (!first) out += ',';
    first = false;
    out += k;
    out += "=\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      if (c == '\n') {
        out += "\\n";
        continue;
      }
      out += c;
    }
    out += '"';
  }
  out += '}';
  return out;
}

SeriesId MetricStore::intern(std::string_view name, Labels labels) {
  std::sort(labels.begin(), labels.end());
  std::string key = identity(name, labels);
  auto it = by_identity_.find(key);
  if (it != by_identity_.end()) return it->second;
  auto id = static_cast<SeriesId>(series_.size());
  series_.push_back(Series{std::string(name), std::move(labels), {}});
  by_identity_.emplace(std::move(key), id);
  auto named = by_name_.find(name);
  if (named == by_name_.end()) named = by_name_.emplace(std::string(name), std::vector<SeriesId>{}).first;
  named->second.push_back(id);
  return id;
}

std::optional<SeriesId> MetricStore::find(std::string_view name, const Labels& labels) const {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  auto it = by_identity_.find(identity(name, sorted));
  if (it == by_identity_.end()) return std::nullopt;
  return it->second;
}

const std::vector<SeriesId>& MetricStore::with_name(std::string_view name) const {
  static const std::vector<SeriesId> kNone;
  auto it = by_name_.find(name);
  return it == by_name_.end() ? kNone : it->second;
}

void MetricStore::append(SeriesId id, SimTime time, double value) {
  auto& samples = series_[id].samples;
  assert(samples.empty() || samples.back().time < time);
  samples.push_back(Sample{time, value});
  ++sample_count_;
}

bool MetricStore::mark_stale(SeriesId id, SimTime time) {
  const auto& samples = series_[id].samples;
  if (samples.empty() || is_stale_marker(samples.back().value)) return false;
  append(id, time, stale_marker());
  return true;
}

}  // namespace firedrill
