#include "sim/metrics/metric_store.h"

#include <algorithm>
#include <cassert>

namespace firedrill {

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
  return id;
}

std::optional<SeriesId> MetricStore::find(std::string_view name, const Labels& labels) const {
  Labels sorted = labels;
  std::sort(sorted.begin(), sorted.end());
  auto it = by_identity_.find(identity(name, sorted));
  if (it == by_identity_.end()) return std::nullopt;
  return it->second;
}

std::vector<SeriesId> MetricStore::with_name(std::string_view name) const {
  std::vector<SeriesId> out;
  for (SeriesId id = 0; id < series_.size(); ++id) {
    if (series_[id].name == name) out.push_back(id);
  }
  return out;
}

void MetricStore::append(SeriesId id, SimTime time, double value) {
  auto& samples = series_[id].samples;
  assert(samples.empty() || samples.back().time < time);
  samples.push_back(Sample{time, value});
  ++sample_count_;
}

}  // namespace firedrill
