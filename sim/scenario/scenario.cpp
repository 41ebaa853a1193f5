#include "sim/scenario/scenario.h"

namespace firedrill {

std::optional<ServiceIndex> Scenario::find_service(std::string_view wanted) const {
  // Scenarios have tens of services: a scan beats keeping an index in sync.
  for (std::size_t i = 0; i < services.size(); ++i) {
    if (services[i].name == wanted) return static_cast<ServiceIndex>(i);
  }
  return std::nullopt;
}

}  // namespace firedrill
