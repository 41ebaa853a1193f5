// Typed reading of YAML maps with source locations: the layer under every
// section reader of the scenario loader. Internal to sim/scenario.
//
// A reader never throws for bad input: it records a Diagnostic at the key or
// value concerned and goes on, so that one load reports every problem.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/base/input_error.h"
#include "sim/base/time.h"

namespace firedrill {

// One key of a map with its value, as written.
struct YamlField {
  std::string name;  // the key's text
  YAML::Node key;
  YAML::Node value;
};

// The problems found in one YAML file, each placed at a node of it.
class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  // Where a yaml-cpp mark is, 1-based (the file alone for a null mark).
  SourceLocation at(const YAML::Mark& mark) const;
  // Where a node starts.
  SourceLocation at(const YAML::Node& node) const { return at(node.Mark()); }
  // Where a field's value is; the key when the value is empty (yaml-cpp
  // places an empty value at the next token, which may be lines further).
  SourceLocation value_at(const YamlField& field) const;

  void error(SourceLocation where, std::string message);
  // Records a warning: reported to the user, but the load goes on.
  void warning(SourceLocation where, std::string message);
  // Records the diagnostics of a value parser's error, placing those without
  // a location at `where`.
  void error(const InputError& e, const SourceLocation& where);

  // Calls `read_item(item, number)` for each map in `list` (number counts
  // every item from 1); reports any other item as "expected <expected>, got
  // ..." at it. `expected` names the shape: "a map like {x: 1} for each y".
  void for_each_map(const YAML::Node& list, std::string_view expected,
                    const std::function<void(const YAML::Node&, std::size_t)>& read_item);

  bool failed() const { return !diagnostics_.empty(); }
  // Every problem recorded, in file order (line, then column).
  std::vector<Diagnostic> take_diagnostics();
  // Every warning recorded, in file order.
  std::vector<Diagnostic> take_warnings();

 private:
  std::string file_;
  std::vector<Diagnostic> diagnostics_;
  std::vector<Diagnostic> warnings_;
};

// How a node reads in "expected X, got Y": "'three'", "a list", "a map", "nothing".
std::string describe(const YAML::Node& node);

// A YAML map read as named fields. Construction reports duplicate keys and,
// for a map with a fixed set of keys, unknown ones with a did-you-mean.
//
// The read_* functions leave `out` unchanged when the key is absent (so it
// keeps its default) and return false; when the value is not what was
// expected they report it, leave `out` unchanged and return false.
class YamlMap {
 public:
  // A map whose keys are names chosen by the author (services, teams).
  // `node` must be a map or null (read as an empty map).
  YamlMap(YamlReader& reader, const YAML::Node& node, std::string context);
  // A map whose keys must be among `keys`. `context` names the map in
  // messages: "service 'checkout'", "the scenario".
  YamlMap(YamlReader& reader, const YAML::Node& node, std::string context,
          std::vector<std::string> keys);

  YamlReader& reader() const { return *reader_; }
  const std::string& context() const { return context_; }
  // Where the map starts.
  const SourceLocation& where() const { return where_; }
  // The first occurrence of each known key, in file order.
  const std::vector<YamlField>& fields() const { return fields_; }
  // The field for `key`, or null if the map does not have it.
  const YamlField* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }

  // Where the key / the value of a present field is.
  SourceLocation key_at(std::string_view key) const;
  SourceLocation value_at(std::string_view key) const;

  // Whether an unknown key of this map was reported as a likely misspelling
  // of `key` (then `key` being absent needs no second message).
  bool misspelt(std::string_view key) const;

  // Reports "missing required key 'key' in <context>" at the map if absent
  // (unless misspelt); `why` (" (shape: ramp needs it)") is appended.
  // Returns whether present.
  bool require(std::string_view key, std::string_view why = "");

  // A string (plain or quoted scalar).
  bool read_string(std::string_view key, std::string& out);
  // A plain decimal integer in [min, max].
  bool read_int(std::string_view key, int& out, int min, int max = std::numeric_limits<int>::max());
  // A plain non-negative decimal integer, up to 2^64 - 1.
  bool read_uint64(std::string_view key, std::uint64_t& out);
  // A plain decimal integer, any int64 value.
  bool read_int64(std::string_view key, std::int64_t& out);
  // A plain number (integer, decimal fraction or exponent) in [min, max].
  bool read_number(std::string_view key, double& out, double min, double max);
  // true or false.
  bool read_bool(std::string_view key, bool& out);
  // A duration ("250ms"), by parse_duration.
  bool read_duration(std::string_view key, SimTime& out);
  // A duration in Prometheus' syntax ("1h30m", no fractions), as Prometheus
  // and Alertmanager files write them.
  bool read_prometheus_duration(std::string_view key, SimTime& out);
  // A byte size ("512MiB"), by parse_bytes.
  bool read_bytes(std::string_view key, std::int64_t& out);
  // An event rate ("400/s"), by parse_rate, as events per second.
  bool read_rate(std::string_view key, double& out);
  // A clock time of day "HH:MM" or "HH:MM:SS", as time since midnight.
  bool read_time_of_day(std::string_view key, SimTime& out);

  // The value as a map with a fixed set of keys. Absent: nullopt; not a map:
  // reported, nullopt.
  std::optional<YamlMap> read_map(std::string_view key, std::string context,
                                  std::vector<std::string> keys);
  // The value as a map whose keys are names (`what_keys` describes them in
  // the type error: "service name -> service").
  std::optional<YamlMap> read_name_map(std::string_view key, std::string context,
                                       std::string_view what_keys);
  // The value as a list. Absent: nullopt; not a list: reported, nullopt.
  std::optional<YAML::Node> read_list(std::string_view key);

 private:
  YamlMap(YamlReader& reader, const YAML::Node& node, std::string context,
          std::optional<std::vector<std::string>> keys);
  // The field if present with a scalar value; reports a non-scalar value as
  // "expected <expected> for 'key', got ...".
  const YamlField* scalar(std::string_view key, std::string_view expected);
  // Like scalar(), and also rejects quoted scalars (for numbers and booleans).
  const YamlField* plain_scalar(std::string_view key, std::string_view expected);
  void type_error(const YamlField& field, std::string_view expected);

  YamlReader* reader_;
  std::string context_;
  SourceLocation where_;
  std::vector<YamlField> fields_;
  std::vector<std::string> misspelt_;  // keys suggested for unknown keys
};

}  // namespace firedrill
