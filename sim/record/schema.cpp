#include "sim/record/schema.h"

#include <array>
#include <string>

#include "sim/record/recording.h"
#include "sim/record/sqlite_handle.h"

namespace firedrill::record {
namespace {

// Times are INTEGER microseconds of simulated time (*_us), sizes INTEGER bytes
// (*_bytes). Ids are 0-based positions in the engine's own vectors (a
// ServiceIndex, a SeriesId, an index into RunJournal::events, ...).
constexpr std::string_view kSchema = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY NOT NULL,
  value
) WITHOUT ROWID;

CREATE TABLE sources (
  id      INTEGER PRIMARY KEY,
  path    TEXT NOT NULL,
  content TEXT NOT NULL
);

CREATE TABLE services (
  id                       INTEGER PRIMARY KEY,
  name                     TEXT NOT NULL,
  team                     TEXT NOT NULL,
  replicas                 INTEGER NOT NULL,
  workers                  INTEGER NOT NULL,
  queue                    INTEGER NOT NULL,
  latency_distribution     TEXT NOT NULL,
  latency_p50_us           INTEGER NOT NULL,
  latency_p99_us           INTEGER NOT NULL,
  latency_mean_us          INTEGER NOT NULL,
  errors                   REAL NOT NULL,
  memory_base_bytes        INTEGER NOT NULL,
  memory_per_request_bytes INTEGER NOT NULL,
  memory_limit_bytes       INTEGER NOT NULL,
  startup_us               INTEGER NOT NULL,
  source_file              TEXT NOT NULL,
  source_line              INTEGER NOT NULL,
  source_column            INTEGER NOT NULL
);

CREATE TABLE calls (
  service_id    INTEGER NOT NULL,
  position      INTEGER NOT NULL,
  to_id         INTEGER NOT NULL,
  p             REAL NOT NULL,
  count         INTEGER NOT NULL,
  timeout_us    INTEGER NOT NULL,
  retries       INTEGER NOT NULL,
  backoff_us    INTEGER NOT NULL,
  optional      INTEGER NOT NULL,
  parallel      INTEGER NOT NULL,
  source_file   TEXT NOT NULL,
  source_line   INTEGER NOT NULL,
  source_column INTEGER NOT NULL,
  PRIMARY KEY (service_id, position)
) WITHOUT ROWID;

CREATE TABLE series (
  id     INTEGER PRIMARY KEY,
  name   TEXT NOT NULL,
  labels TEXT NOT NULL
);

CREATE TABLE samples (
  series_id INTEGER NOT NULL,
  t_us      INTEGER NOT NULL,
  value     REAL,
  PRIMARY KEY (t_us, series_id)
) WITHOUT ROWID;

CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  t_us       INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  service    TEXT NOT NULL,
  instance   TEXT NOT NULL,
  attributes TEXT NOT NULL
);

CREATE TABLE logs (
  id       INTEGER PRIMARY KEY,
  t_us     INTEGER NOT NULL,
  service  TEXT NOT NULL,
  instance TEXT NOT NULL,
  level    TEXT NOT NULL,
  message  TEXT NOT NULL
);

CREATE TABLE changes (
  id          INTEGER PRIMARY KEY,
  t_us        INTEGER NOT NULL,
  service     TEXT NOT NULL,
  kind        TEXT NOT NULL,
  version     TEXT NOT NULL,
  description TEXT NOT NULL
);

CREATE TABLE summary (
  id                  INTEGER PRIMARY KEY,
  service             TEXT NOT NULL,
  requests            INTEGER NOT NULL,
  errors              INTEGER NOT NULL,
  requests_per_second REAL NOT NULL,
  p50_us              INTEGER NOT NULL,
  p99_us              INTEGER NOT NULL,
  oom_kills           INTEGER NOT NULL,
  restarts            INTEGER NOT NULL
);
)sql";

constexpr std::array<std::string_view, 10> kRequiredTables = {
    "meta",    "sources", "services", "calls",   "series",
    "samples", "events",  "logs",     "changes", "summary",
};

}  // namespace

void configure_new_file(Database& db) {
  db.exec("PRAGMA page_size = " + std::to_string(kPageSize));
  // A rollback journal keeps the recording one self-contained file (WAL would
  // add -wal and -shm files that hold committed data until a checkpoint, and
  // does not work on network file systems). Every transaction reaches the file
  // in order through the OS, so a killed process leaves either the old state or
  // a journal that rolls back to it; see docs/recording-format.md, "Crash
  // safety", for why synchronous is OFF while running and FULL at the end.
  db.exec("PRAGMA journal_mode = DELETE");
  db.exec("PRAGMA synchronous = OFF");
  db.exec("PRAGMA locking_mode = NORMAL");
  // Big checkpoints stay in memory instead of spilling pages mid-transaction.
  db.exec("PRAGMA cache_size = -32768");
}

void create_schema(Database& db) {
  db.exec(kSchema);
  db.exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  db.exec("PRAGMA user_version = " + std::to_string(kRecordingFormatVersion));
}

std::span<const std::string_view> required_tables() {
  return kRequiredTables;
}

}  // namespace firedrill::record
