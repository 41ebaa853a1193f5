// Time series in the Prometheus data model: a metric name, a set of labels,
// and samples at scrape times. The simulation appends to it at every scrape;
// alert rules, Lua scripts, the recorder and the viewer read it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/base/time.h"

namespace firedrill {

// Label pairs sorted by label name, names unique.
using Labels = std::vector<std::pair<std::string, std::string>>;

// Index of a series in a MetricStore, stable for the store's life.
using SeriesId = std::uint32_t;

// Prometheus' staleness marker: a NaN with a payload no arithmetic produces.
// A series that stops being scraped (a replica went down, an alert left a
// state) gets one marker at the first scrape or evaluation that lacks it;
// queries then treat the series as absent from that time, instead of looking
// back up to 5 minutes. Not a value: never shown, never computed with.
double stale_marker();
// Whether `value` is the staleness marker (not any other NaN).
bool is_stale_marker(double value);

// One observation of a series.
struct Sample {
  SimTime time;
  double value;
};

// A metric name, its labels, and its samples in increasing time order.
struct Series {
  std::string name;
  Labels labels;
  std::vector<Sample> samples;

  // The value of a label, or "" if the series has no such label.
  std::string_view label(std::string_view name) const;
};

// All series of a run. Series ids are assigned in creation order, so a
// deterministic model gets the same ids in every run.
class MetricStore {
 public:
  // The id of the series with this name and labels, creating it if needed.
  // Labels may come in any order; they are stored sorted.
  SeriesId intern(std::string_view name, Labels labels);
  // The id of an existing series, if any.
  std::optional<SeriesId> find(std::string_view name, const Labels& labels) const;
  // Ids of every series with this metric name, in id order (empty if none).
  const std::vector<SeriesId>& with_name(std::string_view name) const;
  // Every metric name, sorted, each with its series ids in id order.
  const std::map<std::string, std::vector<SeriesId>, std::less<>>& names() const {
    return by_name_;
  }

  // Adds a sample; its time must be later than the series' last sample.
  void append(SeriesId id, SimTime time, double value);
  // Appends a staleness marker at `time` unless the series has no samples or
  // its last sample already is one. Returns whether it appended.
  bool mark_stale(SeriesId id, SimTime time);

  const Series& series(SeriesId id) const { return series_[id]; }
  std::size_t size() const { return series_.size(); }
  // Total samples over all series.
  std::size_t sample_count() const { return sample_count_; }

  // "name{a="x",b="y"}": the canonical text of a series identity.
  static std::string identity(std::string_view name, const Labels& sorted_labels);

 private:
  std::vector<Series> series_;
  std::map<std::string, SeriesId, std::less<>> by_identity_;
  std::map<std::string, std::vector<SeriesId>, std::less<>> by_name_;
  std::size_t sample_count_ = 0;
};

}  // namespace firedrill
