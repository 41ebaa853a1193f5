#include "sim/record/json_columns.h"

#include <nlohmann/json.hpp>

namespace firedrill::record {
namespace {

using ordered_json = nlohmann::ordered_json;

template <typename Pairs>
std::string object_text(const Pairs& pairs) {
  ordered_json object = ordered_json::object();
  for (const auto& [name, value] : pairs) object[name] = value;
  // Invalid UTF-8 is replaced rather than thrown on: a log message from a Lua
  // script must not stop the recording.
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

std::string labels_json(const Labels& labels) {
  return object_text(labels);
}

std::string attributes_json(const Attributes& attributes) {
  return object_text(attributes);
}

std::optional<Attributes> parse_string_object(std::string_view text) {
  ordered_json object = ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!object.is_object()) return std::nullopt;
  Attributes out;
  out.reserve(object.size());
  for (const auto& [name, value] : object.items()) {
    if (!value.is_string()) return std::nullopt;
    out.emplace_back(name, value.get<std::string>());
  }
  return out;
}

}  // namespace firedrill::record
