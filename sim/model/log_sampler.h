// Keeps synthetic log volume sane: of a burst of similar lines (same service,
// same kind of problem) the first is written at once, the rest are counted,
// and the next line written after the quiet window says how many were
// suppressed, as rate-limited loggers do.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/base/time.h"
#include "sim/model/journal.h"

namespace firedrill {

class LogSampler {
 public:
  // At most one line per key per `window`.
  explicit LogSampler(SimTime window) : window_(window) {}

  // Offers a line under `key` (any integer naming "this kind of line from
  // this service"). Appends it to `out` unless a line with the same key was
  // written less than `window` ago. Returns true if the line was written.
  bool offer(std::uint64_t key, LogLine line, std::vector<LogLine>& out);

 private:
  struct KeyState {
    SimTime last_written = 0;
    std::int64_t suppressed = 0;
    bool written = false;
  };
  SimTime window_;
  std::map<std::uint64_t, KeyState> keys_;
};

}  // namespace firedrill
