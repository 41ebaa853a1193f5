#include "sim/model/log_sampler.h"

namespace firedrill {

bool LogSampler::offer(std::uint64_t key, LogLine line, std::vector<LogLine>& out) {
  KeyState& state = keys_[key];
  if (state.written && line.time - state.last_written < window_) {
    ++state.suppressed;
    return false;
  }
  if (state.suppressed > 0) {
    line.message += " (" + std::to_string(state.suppressed) + " similar lines suppressed)";
  }
  state.written = true;
  state.last_written = line.time;
  state.suppressed = 0;
  out.push_back(std::move(line));
  return true;
}

}  // namespace firedrill
