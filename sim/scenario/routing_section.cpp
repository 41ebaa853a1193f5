// The `routing:` section: Alertmanager's configuration (docs/paging.md).
#include "sim/scenario/sections.h"

namespace firedrill {

std::optional<ScriptSource> read_routing(YamlMap& top, bool /*teams_known*/,
                                         Scenario& /*scenario*/) {
  if (top.has("routing")) top.reader().error(top.key_at("routing"), "'routing' is being built");
  return std::nullopt;
}

}  // namespace firedrill
