// Reading a run's outputs in tests the way a user would: metric values as
// with PromQL (last value of a counter, increases, sums over label sets, time
// averages) and the times of events in the journal.
#pragma once

#include <string>
#include <vector>

#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"

namespace firedrill::testing {

// Last sample of the series with exactly these labels (0 if it has none).
inline double last_value(const MetricStore& m, const std::string& name, const Labels& labels) {
  auto id = m.find(name, labels);
  if (!id || m.series(*id).samples.empty()) return 0;
  return m.series(*id).samples.back().value;
}

// Sum of the last samples of every series named `name` whose labels include
// all of `match`.
inline double sum_last(const MetricStore& m, const std::string& name, const Labels& match) {
  double total = 0;
  for (SeriesId id : m.with_name(name)) {
    const Series& s = m.series(id);
    bool ok = true;
    for (const auto& [k, v] : match) ok = ok && s.label(k) == v;
    if (ok && !s.samples.empty()) total += s.samples.back().value;
  }
  return total;
}

// The sample of a series taken at time `t` (a scrape time); 0 if there is none.
inline double value_at(const MetricStore& m, const std::string& name, const Labels& labels,
                       SimTime t) {
  auto id = m.find(name, labels);
  if (!id) return 0;
  for (const Sample& s : m.series(*id).samples) {
    if (s.time == t) return s.value;
  }
  return 0;
}

// How much a counter grew from the scrape at `from` to the scrape at `to`.
inline double increase(const MetricStore& m, const std::string& name, const Labels& labels,
                       SimTime from, SimTime to) {
  return value_at(m, name, labels, to) - value_at(m, name, labels, from);
}

// Mean of a gauge's samples taken after `from` (the warm-up is discarded).
inline double mean_after(const MetricStore& m, const std::string& name, const Labels& labels,
                         SimTime from) {
  auto id = m.find(name, labels);
  if (!id) return 0;
  double sum = 0;
  int n = 0;
  for (const Sample& s : m.series(*id).samples) {
    if (s.time < from) continue;
    sum += s.value;
    ++n;
  }
  return n == 0 ? 0 : sum / n;
}

// The journal's events of one kind, in order.
inline std::vector<RunEvent> events_of(const RunJournal& journal, const std::string& kind) {
  std::vector<RunEvent> out;
  for (const RunEvent& e : journal.events) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

// The value of an event's attribute, "" if it has none.
inline std::string attribute(const RunEvent& e, const std::string& key) {
  for (const auto& [k, v] : e.attributes) {
    if (k == key) return v;
  }
  return "";
}

// The times of the journal's events of one kind, in order.
inline std::vector<SimTime> event_times(const RunJournal& journal, const std::string& kind) {
  std::vector<SimTime> out;
  for (const RunEvent& e : events_of(journal, kind)) out.push_back(e.time);
  return out;
}

}  // namespace firedrill::testing
