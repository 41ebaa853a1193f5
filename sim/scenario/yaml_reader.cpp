#include "sim/scenario/yaml_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

#include "sim/base/suggest.h"
#include "sim/base/units.h"
#include "sim/promql/parser.h"

namespace firedrill {
namespace {

// yaml-cpp tags a plain scalar "?" and a quoted one "!".
bool is_quoted(const YAML::Node& node) {
  return node.Tag() == "!";
}

// A scalar as it appears in a message: quoted, first line only, shortened.
std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string out(text.substr(0, text.find('\n')));
  if (out.size() > kMax || out.size() < text.size()) {
    out = out.substr(0, std::min(out.size(), kMax)) + "...";
  }
  return "'" + out + "'";
}

std::string format_number(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", value);
  return buf;
}

template <typename Int>
std::optional<Int> parse_integer(std::string_view text, std::errc* error) {
  Int value{};
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, 10);
  *error = ec;
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// Whether `text` is an optional '-' followed by decimal digits only.
bool looks_like_integer(std::string_view text) {
  if (!text.empty() && text.front() == '-') text.remove_prefix(1);
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value, std::chars_format::general);
  if (ec != std::errc() || ptr != end || !std::isfinite(value)) return std::nullopt;
  return value;
}

// Takes the one or two leading digits of `text` (exactly two if `exactly_two`).
std::optional<int> take_clock_part(std::string_view& text, bool exactly_two) {
  std::size_t n = 0;
  while (n < text.size() && n < 2 && text[n] >= '0' && text[n] <= '9') ++n;
  if (n == 0 || (exactly_two && n != 2)) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) value = value * 10 + (text[i] - '0');
  text.remove_prefix(n);
  return value;
}

// "HH:MM" or "HH:MM:SS" (the hour may have one digit), 00:00 to 23:59:59.
std::optional<SimTime> parse_time_of_day(std::string_view text) {
  std::optional<int> hour = take_clock_part(text, false);
  if (!hour || text.empty() || text.front() != ':') return std::nullopt;
  text.remove_prefix(1);
  std::optional<int> minute = take_clock_part(text, true);
  if (!minute) return std::nullopt;
  int second = 0;
  if (!text.empty()) {
    if (text.front() != ':') return std::nullopt;
    text.remove_prefix(1);
    std::optional<int> s = take_clock_part(text, true);
    if (!s || !text.empty()) return std::nullopt;
    second = *s;
  }
  if (*hour > 23 || *minute > 59 || second > 59) return std::nullopt;
  return *hour * kHour + *minute * kMinute + second * kSecond;
}

}  // namespace

// ---- YamlReader ----

SourceLocation YamlReader::at(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return SourceLocation{file_, 0, 0};
  return SourceLocation{file_, mark.line + 1, mark.column + 1};
}

SourceLocation YamlReader::value_at(const YamlField& field) const {
  return field.value.IsNull() ? at(field.key) : at(field.value);
}

void YamlReader::error(SourceLocation where, std::string message) {
  diagnostics_.push_back(Diagnostic{std::move(where), std::move(message)});
}

void YamlReader::error(const InputError& e, const SourceLocation& where) {
  const InputError placed = e.located_at(where);
  for (const Diagnostic& d : placed.diagnostics()) diagnostics_.push_back(d);
}

namespace {

void sort_by_place(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     if (a.where.line != b.where.line) return a.where.line < b.where.line;
                     return a.where.column < b.where.column;
                   });
}

}  // namespace

void YamlReader::for_each_map(
    const YAML::Node& list, std::string_view expected,
    const std::function<void(const YAML::Node&, std::size_t)>& read_item) {
  std::size_t number = 0;
  for (const YAML::Node& item : list) {
    ++number;
    if (item.IsMap()) {
      read_item(item, number);
    } else {
      error(at(item), "expected " + std::string(expected) + ", got " + describe(item));
    }
  }
}

void YamlReader::warning(SourceLocation where, std::string message) {
  warnings_.push_back(Diagnostic{std::move(where), std::move(message), /*warning=*/true});
}

std::vector<Diagnostic> YamlReader::take_diagnostics() {
  sort_by_place(diagnostics_);
  return std::move(diagnostics_);
}

std::vector<Diagnostic> YamlReader::take_warnings() {
  sort_by_place(warnings_);
  return std::move(warnings_);
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Scalar:
      return quote(node.Scalar());
    default:
      return "nothing";
  }
}

// ---- YamlMap ----

YamlMap::YamlMap(YamlReader& reader, const YAML::Node& node, std::string context)
    : YamlMap(reader, node, std::move(context), std::nullopt) {}

YamlMap::YamlMap(YamlReader& reader, const YAML::Node& node, std::string context,
                 std::vector<std::string> keys)
    : YamlMap(reader, node, std::move(context),
              std::optional<std::vector<std::string>>(std::move(keys))) {}

YamlMap::YamlMap(YamlReader& reader, const YAML::Node& node, std::string context,
                 std::optional<std::vector<std::string>> keys)
    : reader_(&reader), context_(std::move(context)), where_(reader.at(node)) {
  if (!node.IsMap()) return;
  std::map<std::string, SourceLocation, std::less<>> first_seen;
  // yaml-cpp iterators yield pairs by value: copy the nodes (cheap handles).
  for (const auto& pair : node) {
    const YAML::Node key = pair.first;
    if (!key.IsScalar()) {
      reader.error(reader.at(key), "expected a key name in " + context_ + ", got " + describe(key));
      continue;
    }
    YamlField field{key.Scalar(), key, pair.second};
    if (keys && std::find(keys->begin(), keys->end(), field.name) == keys->end()) {
      // yaml-cpp 0.7 reads a YAML merge key as a plain key named "<<".
      const std::string hint = field.name == "<<"
                                   ? " (YAML merge keys are not supported: write the keys out)"
                               : keys->empty() ? " (it takes no keys yet)"
                                               : did_you_mean(field.name, *keys);
      for (const std::string& k : *keys) {
        if (hint == " (did you mean '" + k + "'?)") misspelt_.push_back(k);
      }
      reader.error(reader.at(key), "unknown key " + quote(field.name) + " in " + context_ + hint);
      continue;
    }
    auto [seen, inserted] = first_seen.emplace(field.name, reader.at(key));
    if (!inserted) {
      reader.error(reader.at(key), "duplicate key " + quote(field.name) + " in " + context_ +
                                       " (first given at line " +
                                       std::to_string(seen->second.line) + ")");
      continue;
    }
    fields_.push_back(std::move(field));
  }
}

const YamlField* YamlMap::find(std::string_view key) const {
  for (const YamlField& f : fields_) {
    if (f.name == key) return &f;
  }
  return nullptr;
}

SourceLocation YamlMap::key_at(std::string_view key) const {
  const YamlField* f = find(key);
  return f != nullptr ? reader_->at(f->key) : where_;
}

SourceLocation YamlMap::value_at(std::string_view key) const {
  const YamlField* f = find(key);
  return f != nullptr ? reader_->value_at(*f) : where_;
}

bool YamlMap::misspelt(std::string_view key) const {
  return std::find(misspelt_.begin(), misspelt_.end(), key) != misspelt_.end();
}

bool YamlMap::require(std::string_view key, std::string_view why) {
  if (has(key)) return true;
  if (misspelt(key)) return false;
  reader_->error(
      where_, "missing required key '" + std::string(key) + "' in " + context_ + std::string(why));
  return false;
}

void YamlMap::type_error(const YamlField& field, std::string_view expected) {
  std::string message = "expected " + std::string(expected) + " for '" + field.name + "', got " +
                        describe(field.value);
  if (field.value.IsScalar() && is_quoted(field.value)) message += " (a quoted string)";
  reader_->error(reader_->value_at(field), std::move(message));
}

const YamlField* YamlMap::scalar(std::string_view key, std::string_view expected) {
  const YamlField* f = find(key);
  if (f == nullptr) return nullptr;
  if (!f->value.IsScalar()) {
    type_error(*f, expected);
    return nullptr;
  }
  return f;
}

const YamlField* YamlMap::plain_scalar(std::string_view key, std::string_view expected) {
  const YamlField* f = scalar(key, expected);
  if (f == nullptr) return nullptr;
  if (is_quoted(f->value)) {
    type_error(*f, expected);
    return nullptr;
  }
  return f;
}

bool YamlMap::read_string(std::string_view key, std::string& out) {
  const YamlField* f = scalar(key, "a string");
  if (f == nullptr) return false;
  out = f->value.Scalar();
  return true;
}

bool YamlMap::read_int64(std::string_view key, std::int64_t& out) {
  const YamlField* f = plain_scalar(key, "an integer");
  if (f == nullptr) return false;
  const std::string& text = f->value.Scalar();
  std::errc error{};
  std::optional<std::int64_t> value = parse_integer<std::int64_t>(text, &error);
  if (!value) {
    if (error == std::errc::result_out_of_range && looks_like_integer(text)) {
      reader_->error(reader_->value_at(*f), "'" + f->name + "' is too large, got " + text);
    } else {
      type_error(*f, "an integer");
    }
    return false;
  }
  out = *value;
  return true;
}

bool YamlMap::read_int(std::string_view key, int& out, int min, int max) {
  const YamlField* f = plain_scalar(key, "an integer");
  if (f == nullptr) return false;
  const std::string& text = f->value.Scalar();
  if (!looks_like_integer(text)) {
    type_error(*f, "an integer");
    return false;
  }
  std::errc error{};
  std::optional<int> value = parse_integer<int>(text, &error);
  if (!value || *value < min || *value > max) {
    const std::string range =
        max == std::numeric_limits<int>::max()
            ? "at least " + std::to_string(min)
            : "between " + std::to_string(min) + " and " + std::to_string(max);
    reader_->error(reader_->value_at(*f), "'" + f->name + "' must be " + range + ", got " + text);
    return false;
  }
  out = *value;
  return true;
}

bool YamlMap::read_uint64(std::string_view key, std::uint64_t& out) {
  const YamlField* f = plain_scalar(key, "an integer");
  if (f == nullptr) return false;
  const std::string& text = f->value.Scalar();
  if (!looks_like_integer(text)) {
    type_error(*f, "an integer");
    return false;
  }
  std::errc error{};
  std::optional<std::uint64_t> value = parse_integer<std::uint64_t>(text, &error);
  if (!value) {
    const std::string why = text.front() == '-' ? "must be at least 0" : "is too large";
    reader_->error(reader_->value_at(*f), "'" + f->name + "' " + why + ", got " + text);
    return false;
  }
  out = *value;
  return true;
}

bool YamlMap::read_number(std::string_view key, double& out, double min, double max) {
  const YamlField* f = plain_scalar(key, "a number");
  if (f == nullptr) return false;
  const std::string& text = f->value.Scalar();
  std::optional<double> value = parse_number(text);
  if (!value) {
    type_error(*f, "a number");
    return false;
  }
  if (*value < min || *value > max) {
    reader_->error(reader_->value_at(*f), "'" + f->name + "' must be between " +
                                              format_number(min) + " and " + format_number(max) +
                                              ", got " + text);
    return false;
  }
  out = *value;
  return true;
}

bool YamlMap::read_bool(std::string_view key, bool& out) {
  const YamlField* f = plain_scalar(key, "true or false");
  if (f == nullptr) return false;
  const std::string& text = f->value.Scalar();
  if (text == "true" || text == "True" || text == "TRUE") {
    out = true;
  } else if (text == "false" || text == "False" || text == "FALSE") {
    out = false;
  } else {
    type_error(*f, "true or false");
    return false;
  }
  return true;
}

bool YamlMap::read_duration(std::string_view key, SimTime& out) {
  const YamlField* f = scalar(key, "a duration");
  if (f == nullptr) return false;
  try {
    out = parse_duration(f->value.Scalar());
    return true;
  } catch (const InputError& e) {
    reader_->error(e, reader_->value_at(*f));
    return false;
  }
}

bool YamlMap::read_prometheus_duration(std::string_view key, SimTime& out) {
  std::string text;
  if (!read_string(key, text)) return false;
  try {
    out = promql::parse_prometheus_duration(text);
    return true;
  } catch (const promql::ParseError&) {
    reader_->error(value_at(key), "'" + std::string(key) +
                                      "' is not a valid Prometheus duration, got '" + text +
                                      "' (expected e.g. 30s, 5m, 1h30m)");
    return false;
  }
}

bool YamlMap::read_bytes(std::string_view key, std::int64_t& out) {
  const YamlField* f = scalar(key, "a size");
  if (f == nullptr) return false;
  try {
    out = parse_bytes(f->value.Scalar());
    return true;
  } catch (const InputError& e) {
    reader_->error(e, reader_->value_at(*f));
    return false;
  }
}

bool YamlMap::read_rate(std::string_view key, double& out) {
  const YamlField* f = scalar(key, "a rate");
  if (f == nullptr) return false;
  try {
    const double rate = parse_rate(f->value.Scalar());
    // Beyond this, arrivals would be closer than a microsecond apart.
    constexpr double kMaxRate = 1e6;
    if (rate > kMaxRate) {
      reader_->error(reader_->value_at(*f), "rate '" + f->value.Scalar() +
                                                "' is too high (at most 1000000/s is supported)");
      return false;
    }
    out = rate;
    return true;
  } catch (const InputError& e) {
    reader_->error(e, reader_->value_at(*f));
    return false;
  }
}

bool YamlMap::read_time_of_day(std::string_view key, SimTime& out) {
  const YamlField* f = scalar(key, "a time of day");
  if (f == nullptr) return false;
  std::optional<SimTime> value = parse_time_of_day(f->value.Scalar());
  if (!value) {
    reader_->error(reader_->value_at(*f),
                   "invalid time of day " + quote(f->value.Scalar()) +
                       " (expected HH:MM or HH:MM:SS from 00:00 to 23:59:59, like 09:00)");
    return false;
  }
  out = *value;
  return true;
}

std::optional<YamlMap> YamlMap::read_map(std::string_view key, std::string context,
                                         std::vector<std::string> keys) {
  const YamlField* f = find(key);
  if (f == nullptr) return std::nullopt;
  if (!f->value.IsMap()) {
    type_error(*f, "a map");
    return std::nullopt;
  }
  return YamlMap(*reader_, f->value, std::move(context), std::move(keys));
}

std::optional<YamlMap> YamlMap::read_name_map(std::string_view key, std::string context,
                                              std::string_view what_keys) {
  const YamlField* f = find(key);
  if (f == nullptr) return std::nullopt;
  if (!f->value.IsMap()) {
    type_error(*f, "a map (" + std::string(what_keys) + ")");
    return std::nullopt;
  }
  return YamlMap(*reader_, f->value, std::move(context));
}

std::optional<YAML::Node> YamlMap::read_list(std::string_view key) {
  const YamlField* f = find(key);
  if (f == nullptr) return std::nullopt;
  if (!f->value.IsSequence()) {
    type_error(*f, "a list");
    return std::nullopt;
  }
  return f->value;
}

}  // namespace firedrill
