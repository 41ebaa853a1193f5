// The service graph: one vertex per service, one edge per call, and the
// detection of cycles that would make requests recurse forever.
#include <catch2/catch.hpp>

#include <tuple>

#include "sim/scenario/loader.h"
#include "sim/scenario/topology.h"

using namespace firedrill;

namespace {

struct Call {
  ServiceIndex from;
  ServiceIndex to;
  bool optional = false;
};

// Services named s0, s1, ... with the given calls, in order.
std::vector<ServiceSpec> services(std::size_t n, const std::vector<Call>& calls) {
  std::vector<ServiceSpec> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i].name = "s" + std::to_string(i);
  for (const Call& c : calls) {
    CallSpec spec;
    spec.to = out[c.to].name;
    spec.to_index = c.to;
    spec.optional = c.optional;
    out[c.from].calls.push_back(spec);
  }
  return out;
}

using Cycle = std::vector<ServiceIndex>;

}  // namespace

TEST_CASE("the topology has a vertex per service and an edge per call", "[scenario][topology]") {
  const Scenario s = load_scenario(std::string(FIREDRILL_TEST_DATA) + "/scenarios/good/shop");
  const TopologyGraph g = build_topology(s.services);
  REQUIRE(boost::num_vertices(g) == s.services.size());

  std::size_t calls = 0;
  for (const ServiceSpec& service : s.services) calls += service.calls.size();
  CHECK(boost::num_edges(g) == calls);

  // Out-edges of each vertex are its calls, in call order, with their properties.
  for (ServiceIndex v = 0; v < s.services.size(); ++v) {
    const std::vector<CallSpec>& expected = s.services[v].calls;
    std::size_t i = 0;
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e, ++i) {
      REQUIRE(i < expected.size());
      CHECK(boost::target(*e, g) == expected[i].to_index);
      CHECK(g[*e].from == v);
      CHECK(g[*e].call == i);
      CHECK(g[*e].optional == expected[i].optional);
    }
    CHECK(i == expected.size());
  }

  // Bidirectional: who calls frontend (checkout, optionally).
  const ServiceIndex frontend = *s.find_service("frontend");
  REQUIRE(boost::in_degree(frontend, g) == 1);
  auto [in, in_end] = boost::in_edges(frontend, g);
  CHECK(boost::source(*in, g) == *s.find_service("checkout"));
  CHECK(g[*in].optional);
}

TEST_CASE("a graph without required cycles has none", "[scenario][topology]") {
  CHECK(find_required_cycle({}).empty());
  CHECK(find_required_cycle(services(3, {{0, 1}, {1, 2}, {0, 2}})).empty());
  // Every loop has an optional call.
  CHECK(find_required_cycle(services(3, {{0, 1}, {1, 2}, {2, 0, true}, {1, 1, true}})).empty());
}

TEST_CASE("a cycle of required calls is found with its services in call order",
          "[scenario][topology]") {
  CHECK(find_required_cycle(services(3, {{0, 1}, {1, 2}, {2, 0}})) == Cycle{0, 1, 2, 0});
  CHECK(find_required_cycle(services(2, {{1, 1}})) == Cycle{1, 1});
  // The cycle need not pass through the first service.
  CHECK(find_required_cycle(services(4, {{0, 1}, {1, 2}, {2, 3}, {3, 1}})) == Cycle{1, 2, 3, 1});
  // An optional call does not hide a required call along the same edge.
  CHECK(find_required_cycle(services(2, {{0, 1, true}, {0, 1}, {1, 0}})) == Cycle{0, 1, 0});
}

TEST_CASE("the cycle reported is the same for the same input", "[scenario][topology]") {
  // Two disjoint cycles: the search starts at service 0 and follows calls in
  // order, so it is always the first one.
  const std::vector<ServiceSpec> two_cycles = services(4, {{0, 1}, {1, 0}, {2, 3}, {3, 2}});
  for (int i = 0; i < 3; ++i) CHECK(find_required_cycle(two_cycles) == Cycle{0, 1, 0});
  // Two cycles through service 0: the one reached by its first call.
  CHECK(find_required_cycle(services(3, {{0, 2}, {0, 1}, {1, 0}, {2, 0}})) == Cycle{0, 2, 0});
}
