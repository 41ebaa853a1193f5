#include "sim/routing/routing_spec.h"

namespace firedrill {

const ReceiverSpec* RoutingSpec::find_receiver(std::string_view name) const {
  for (const ReceiverSpec& r : receivers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace firedrill
