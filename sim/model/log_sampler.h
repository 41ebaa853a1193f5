// Keeps synthetic log volume sane: of a burst of similar lines (same service,
// same kind of problem) the first is written at once, the rest are counted,
// and the next line written after the quiet window says how many were
// suppressed, as rate-limited loggers do.
#pragma once

#include <cstdint>
#include <map>
#include <optional>

#include "sim/base/time.h"

namespace firedrill {

class LogSampler {
 public:
  // At most one line per key per `window`.
  explicit LogSampler(SimTime window) : window_(window) {}

  // Asks to write a line under `key` (any integer naming "this kind of line
  // from this service") at `now`. Returns the number of similar lines
  // suppressed since the last one written if the line may be written now, or
  // nothing if it is suppressed (and counted). Callers build the text only
  // when allowed, so a suppressed line costs no string work.
  std::optional<std::int64_t> admit(std::uint64_t key, SimTime now);

 private:
  struct KeyState {
    SimTime last_written = 0;
    std::int64_t suppressed = 0;
  };
  SimTime window_;
  std::map<std::uint64_t, KeyState> keys_;
};

}  // namespace firedrill
