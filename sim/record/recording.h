// A run's recording: one SQLite file holding everything needed to score,
// debrief and replay the run. The schema is documented in
// docs/recording-format.md; kRecordingFormatVersion is bumped whenever it
// changes in a way older readers cannot read.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/base/time.h"
#include "sim/metrics/metric_store.h"
#include "sim/model/journal.h"
#include "sim/model/run_summary.h"
#include "sim/scenario/scenario.h"

namespace firedrill {

// The format version this engine writes; it reads this version and older.
inline constexpr int kRecordingFormatVersion = 1;

// How a run ended.
enum class RunStatus {
  kRunning,   // not finished: the process was killed, or is still writing
  kComplete,  // ran to its end time
  kFailed,    // stopped by an error (the error text is recorded)
};

// "running", "complete", "failed".
std::string_view run_status_name(RunStatus status);

// Metadata of a run, written when the recording is created.
struct RunInfo {
  std::string engine_version;
  std::string scenario_name;
  std::string scenario_title;
  std::string scenario_hash;  // "sha256:<hex>" over the scenario's source files
  std::uint64_t seed = 0;
  SimTime duration = 0;  // planned end of the run (--until or the scenario's duration)
  SimTime scrape_interval = 0;
  SimTime start_of_day = 0;
};

// A recording read back into memory.
struct Recording {
  int format_version = 0;
  RunInfo info;
  RunStatus status = RunStatus::kRunning;
  SimTime end_time = 0;  // simulated time of the last checkpoint or the end
  std::string error;     // why the run failed, if it did
  std::vector<ScenarioSource> sources;
  std::vector<ServiceSpec> services;  // the topology, with calls (to_index resolved)
  MetricStore metrics;
  RunJournal journal;
  std::vector<ServiceSummary> summary;  // empty unless the run finished
};

// Writes a recording as the run goes. Each call is one SQLite transaction, so
// a process killed at any moment leaves a file that opens and holds
// everything up to the last completed call.
class Recorder {
 public:
  // Creates the file (replacing any file at `path`) and writes the schema,
  // the run metadata, the scenario's source files and its topology.
  // Throws InputError if the file cannot be written.
  static std::unique_ptr<Recorder> create(const std::string& path, const RunInfo& info,
                                          const Scenario& scenario);
  virtual ~Recorder() = default;

  // Writes every sample, event, log line and change added since the previous
  // checkpoint, and records `now` as the time the recording reaches.
  virtual void checkpoint(SimTime now, const MetricStore& metrics, const RunJournal& journal) = 0;

  // Writes what is left, the summary and the final status; closes the file.
  // `error` is the reason for kFailed, empty otherwise.
  virtual void finish(SimTime end, const MetricStore& metrics, const RunJournal& journal,
                      const std::vector<ServiceSummary>& summary, RunStatus status,
                      const std::string& error) = 0;
};

// Reads a whole recording. Throws InputError naming the file and the problem
// if it is missing, not a firedrill recording, damaged or truncated, or of a
// newer format version than this engine reads.
Recording read_recording(const std::string& path);

// "sha256:<hex>" of a scenario's sources (each path and content, in order).
std::string scenario_hash(const std::vector<ScenarioSource>& sources);

}  // namespace firedrill
