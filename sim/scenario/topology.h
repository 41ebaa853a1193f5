// The service dependency graph of a scenario as a Boost.Graph graph: one
// vertex per service (vertex index == ServiceIndex), one edge per call spec.
#pragma once

#include <cstddef>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "sim/scenario/scenario.h"

namespace firedrill {

// Edge property: which call of which service this edge is.
struct CallEdge {
  ServiceIndex from = 0;
  std::size_t call = 0;  // index into services[from].calls
  bool optional = false;
};

using TopologyGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                            boost::no_property, CallEdge>;

// The graph of a scenario's services and calls. Calls must be resolved
// (to_index set).
TopologyGraph build_topology(const std::vector<ServiceSpec>& services);

// A cycle made only of non-optional calls, as the services along it with the
// first repeated at the end ("a -> b -> a"), or empty if there is none. Such a
// cycle would make every request recurse forever.
std::vector<ServiceIndex> find_required_cycle(const std::vector<ServiceSpec>& services);

}  // namespace firedrill
