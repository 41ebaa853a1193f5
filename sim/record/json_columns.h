// The two JSON-valued columns of a recording: series labels and event
// attributes. Internal to sim/record.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/metrics/metric_store.h"

namespace firedrill::record {

using Attributes = std::vector<std::pair<std::string, std::string>>;

// {"code":"500","service":"checkout"}: labels as a JSON object of strings in
// the store's (sorted) order. Bytes that are not UTF-8 become U+FFFD, since
// JSON cannot carry them.
std::string labels_json(const Labels& labels);
// Attributes as a JSON object of strings in insertion order. A repeated name
// keeps its first position and its last value, as a JSON object must.
std::string attributes_json(const Attributes& attributes);

// The inverse of the above: nullopt unless `text` is a JSON object whose
// values are all strings.
std::optional<Attributes> parse_string_object(std::string_view text);

}  // namespace firedrill::record
