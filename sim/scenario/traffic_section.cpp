// Reading one item of `traffic:`: an entry point, its rate and the rate's shape.
#include <string>
#include <vector>

#include "sim/scenario/sections.h"

namespace firedrill {
namespace {

const std::vector<std::string> kTrafficKeys = {"entry", "rate", "shape", "amplitude",
                                               "peak",  "to",   "start", "over"};

// The keys that only one shape takes.
struct ShapeKey {
  const char* key;
  TrafficSpec::Shape shape;
  const char* shape_name;
};
constexpr ShapeKey kShapeKeys[] = {
    {"amplitude", TrafficSpec::Shape::kDiurnal, "diurnal"},
    {"peak", TrafficSpec::Shape::kDiurnal, "diurnal"},
    {"to", TrafficSpec::Shape::kRamp, "ramp"},
    {"start", TrafficSpec::Shape::kRamp, "ramp"},
    {"over", TrafficSpec::Shape::kRamp, "ramp"},
};

}  // namespace

TrafficDraft read_traffic(YamlReader& reader, const YAML::Node& item, std::size_t number) {
  TrafficDraft draft;
  TrafficSpec& spec = draft.spec;
  spec.where = reader.at(item);
  YamlMap m(reader, item, "traffic entry " + std::to_string(number), kTrafficKeys);

  m.require("entry");
  m.require("rate");
  if (m.read_string("entry", spec.entry)) draft.entry_at = m.value_at("entry");
  m.read_rate("rate", spec.rate);

  std::string shape = "constant";
  if (m.has("shape")) {
    if (!m.read_string("shape", shape)) return draft;
    if (shape == "constant") {
      spec.shape = TrafficSpec::Shape::kConstant;
    } else if (shape == "diurnal") {
      spec.shape = TrafficSpec::Shape::kDiurnal;
    } else if (shape == "ramp") {
      spec.shape = TrafficSpec::Shape::kRamp;
    } else {
      reader.error(m.value_at("shape"),
                   "unknown shape '" + shape + "' (expected constant, diurnal or ramp)");
      return draft;
    }
  }

  bool keys_fit = true;
  for (const ShapeKey& k : kShapeKeys) {
    if (m.has(k.key) && spec.shape != k.shape) {
      reader.error(m.key_at(k.key),
                   "'" + std::string(k.key) + "' only applies to shape: " + k.shape_name);
      keys_fit = false;
    }
  }
  if (!keys_fit) return draft;

  if (spec.shape == TrafficSpec::Shape::kDiurnal) {
    m.read_number("amplitude", spec.amplitude, 0, 1);
    m.read_time_of_day("peak", spec.peak);
  } else if (spec.shape == TrafficSpec::Shape::kRamp) {
    if (m.require("to", " (shape: ramp needs it)")) m.read_rate("to", spec.ramp_to);
    if (m.read_duration("start", spec.ramp_start)) draft.ramp_start_at = m.value_at("start");
    m.read_duration("over", spec.ramp_over);
  }
  return draft;
}

}  // namespace firedrill
