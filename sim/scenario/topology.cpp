#include "sim/scenario/topology.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <utility>

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/filtered_graph.hpp>

namespace firedrill {
namespace {

using Vertex = boost::graph_traits<TopologyGraph>::vertex_descriptor;
using Edge = boost::graph_traits<TopologyGraph>::edge_descriptor;

// Keeps the edges of calls whose failure fails the caller.
struct RequiredCall {
  const TopologyGraph* graph = nullptr;
  bool operator()(const Edge& e) const { return !(*graph)[e].optional; }
};

// Records the DFS tree and the first back edge met: a back edge closes a cycle
// with the tree path from its target down to its source. Boost copies
// visitors, so the results live outside.
class FirstBackEdge : public boost::default_dfs_visitor {
 public:
  FirstBackEdge(std::vector<Vertex>* parent, std::optional<std::pair<Vertex, Vertex>>* found)
      : parent_(parent), found_(found) {}

  template <typename E, typename G>
  void tree_edge(E e, const G& g) {
    (*parent_)[boost::target(e, g)] = boost::source(e, g);
  }
  template <typename E, typename G>
  void back_edge(E e, const G& g) {
    if (!*found_) *found_ = std::make_pair(boost::source(e, g), boost::target(e, g));
  }

 private:
  std::vector<Vertex>* parent_;
  std::optional<std::pair<Vertex, Vertex>>* found_;
};

}  // namespace

TopologyGraph build_topology(const std::vector<ServiceSpec>& services) {
  TopologyGraph graph(services.size());
  for (std::size_t from = 0; from < services.size(); ++from) {
    const std::vector<CallSpec>& calls = services[from].calls;
    for (std::size_t i = 0; i < calls.size(); ++i) {
      assert(calls[i].to_index < services.size());
      boost::add_edge(from, calls[i].to_index,
                      CallEdge{static_cast<ServiceIndex>(from), i, calls[i].optional}, graph);
    }
  }
  return graph;
}

std::vector<ServiceIndex> find_required_cycle(const std::vector<ServiceSpec>& services) {
  const TopologyGraph graph = build_topology(services);
  const boost::filtered_graph<TopologyGraph, RequiredCall> required(graph, RequiredCall{&graph});

  // The DFS visits vertices in index order and out-edges in call order, so
  // the same scenario always yields the same cycle.
  std::vector<Vertex> parent(services.size());
  std::optional<std::pair<Vertex, Vertex>> back_edge;
  boost::depth_first_search(required, boost::visitor(FirstBackEdge(&parent, &back_edge)));
  if (!back_edge) return {};

  const auto [from, to] = *back_edge;
  std::vector<ServiceIndex> cycle;
  for (Vertex v = from; v != to; v = parent[v]) cycle.push_back(static_cast<ServiceIndex>(v));
  cycle.push_back(static_cast<ServiceIndex>(to));
  std::reverse(cycle.begin(), cycle.end());
  cycle.push_back(static_cast<ServiceIndex>(to));
  return cycle;
}

}  // namespace firedrill
