#include "sim/model/log_sampler.h"

namespace firedrill {

std::optional<std::int64_t> LogSampler::admit(std::uint64_t key, SimTime now) {
  auto [it, first] = keys_.try_emplace(key);
  KeyState& state = it->second;
  if (!first && now - state.last_written < window_) {
    ++state.suppressed;
    return std::nullopt;
  }
  const std::int64_t suppressed = state.suppressed;
  state.last_written = now;
  state.suppressed = 0;
  return suppressed;
}

}  // namespace firedrill
