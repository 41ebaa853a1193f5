#include <array>
#include <cstdint>

#include "sim/base/sha256.h"
#include "sim/record/recording.h"

namespace firedrill {
namespace {

// Each field is preceded by its length as 8 bytes little-endian, so that
// ("ab", "c") and ("a", "bc") hash differently.
void update_field(Sha256& h, const std::string& field) {
  std::array<char, 8> length{};
  auto n = static_cast<std::uint64_t>(field.size());
  for (std::size_t i = 0; i < length.size(); ++i) length[i] = static_cast<char>(n >> (8 * i));
  h.update({length.data(), length.size()});
  h.update(field);
}

}  // namespace

std::string scenario_hash(const std::vector<ScenarioSource>& sources) {
  Sha256 h;
  for (const auto& source : sources) {
    update_field(h, source.path);
    update_field(h, source.content);
  }
  return "sha256:" + h.hex_digest();
}

}  // namespace firedrill
