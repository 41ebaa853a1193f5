#include "sim/promtest/unit_test_file.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/promql/parser.h"
#include "sim/scenario/yaml_documents.h"
#include "sim/scenario/yaml_reader.h"

namespace firedrill::promtest {
namespace {

// Reads one unit-test document, reporting problems into a YamlReader.
class UnitTestReader {
 public:
  UnitTestReader(YamlReader& reader, std::string_view text) : reader_(reader), text_(text) {}

  void read_file(const YAML::Node& root, UnitTestFile& out) {
    YamlMap map(reader_, root, "the unit-test file",
                {"rule_files", "evaluation_interval", "group_eval_order", "tests"});
    out.rule_files = read_strings(map, "rule_files");
    for (std::string& file : out.rule_files) file = resolve_rule_file(map, file, out.path);
    read_duration(map, "evaluation_interval", out.evaluation_interval);
    if (out.evaluation_interval <= 0) out.evaluation_interval = kMinute;
    out.group_eval_order = read_strings(map, "group_eval_order");
    for (std::size_t i = 0; i < out.group_eval_order.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        if (out.group_eval_order[i] == out.group_eval_order[j]) {
          reader_.error(map.value_at("group_eval_order"),
                        "group name repeated in evaluation order: " + out.group_eval_order[i]);
        }
      }
    }
    if (auto tests = map.read_list("tests")) {
      for (const YAML::Node& node : *tests) out.tests.push_back(read_test_group(node));
    }
  }

 private:
  std::string resolve_rule_file(const YamlMap& map, const std::string& file,
                                const std::string& test_path) {
    if (file.find_first_of("*?[") != std::string::npos) {
      reader_.error(map.value_at("rule_files"),
                    "rule file pattern '" + file +
                        "' is not supported: firedrill promtest takes plain file paths");
    }
    const std::filesystem::path p(file);
    if (file.empty() || p.is_absolute()) return file;
    return (std::filesystem::path(test_path).parent_path() / p).lexically_normal().string();
  }

  std::vector<std::string> read_strings(YamlMap& map, std::string_view key) {
    std::vector<std::string> out;
    auto list = map.read_list(key);
    if (!list) return out;
    for (const YAML::Node& item : *list) {
      if (!item.IsScalar()) {
        reader_.error(reader_.at(item),
                      "expected a string in '" + std::string(key) + "', got " + describe(item));
        continue;
      }
      out.push_back(item.Scalar());
    }
    return out;
  }

  void read_duration(YamlMap& map, std::string_view key, SimTime& out) {
    std::string text;
    if (!map.read_string(key, text)) return;
    try {
      out = promql::parse_prometheus_duration(text);
    } catch (const promql::ParseError& e) {
      reader_.error(map.value_at(key), std::string(e.what()) + " for '" + std::string(key) + "'");
    }
  }

  // A map of names to strings (labels, annotations); any scalar reads as its text.
  Labels read_string_map(YamlMap& parent, std::string_view key) {
    Labels out;
    const YamlField* field = parent.find(key);
    if (field == nullptr || field->value.IsNull()) return out;
    if (!field->value.IsMap()) {
      reader_.error(parent.value_at(key),
                    "expected a map for '" + std::string(key) + "', got " + describe(field->value));
      return out;
    }
    YamlMap map(reader_, field->value, "'" + std::string(key) + "'");
    for (const YamlField& f : map.fields()) {
      if (!f.value.IsScalar() && !f.value.IsNull()) {
        reader_.error(reader_.value_at(f),
                      "expected a string for '" + f.name + "', got " + describe(f.value));
        continue;
      }
      out.emplace_back(f.name, f.value.IsNull() ? "" : f.value.Scalar());
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  // Where a position inside a scalar value is (approximately, for quoted scalars).
  SourceLocation inside(const YAML::Node& value, int position) {
    SourceLocation where = reader_.at(value);
    const std::size_t start = static_cast<std::size_t>(value.Mark().pos);
    const std::size_t line_end = text_.find('\n', start);
    const std::size_t offset =
        start < text_.size() && (text_[start] == '"' || text_[start] == '\'');
    if (where.column > 0 && start + offset + static_cast<std::size_t>(position) <
                                (line_end == std::string_view::npos ? text_.size() : line_end)) {
      where.column += static_cast<int>(offset) + position;
    }
    return where;
  }

  TestGroup read_test_group(const YAML::Node& node) {
    TestGroup group;
    YamlMap map(reader_, node, "a test group",
                {"interval", "input_series", "alert_rule_test", "promql_expr_test",
                 "external_labels", "external_url", "name"});
    map.read_string("name", group.name);
    read_duration(map, "interval", group.interval);
    map.read_string("external_url", group.external_url);
    group.external_labels = read_string_map(map, "external_labels");
    if (auto list = map.read_list("input_series")) {
      for (const YAML::Node& item : *list) group.input_series.push_back(read_input_series(item));
    }
    if (auto list = map.read_list("alert_rule_test")) {
      for (const YAML::Node& item : *list) group.alert_tests.push_back(read_alert_test(item));
    }
    if (auto list = map.read_list("promql_expr_test")) {
      for (const YAML::Node& item : *list) group.promql_tests.push_back(read_promql_test(item));
    }
    return group;
  }

  InputSeries read_input_series(const YAML::Node& node) {
    InputSeries series;
    YamlMap map(reader_, node, "an input series", {"series", "values"});
    std::string text;
    if (map.require("series") && map.read_string("series", text)) {
      try {
        promql::SeriesDescription d = promql::parse_series_description(text);
        series.name = std::move(d.name);
        series.labels = std::move(d.labels);
      } catch (const promql::ParseError& e) {
        reader_.error(inside(map.find("series")->value, e.position()),
                      std::string("invalid series: ") + e.what());
      }
    }
    std::string values;
    if (map.read_string("values", values)) {
      try {
        series.values = expand_series_values(values, values_left_);
        values_left_ -= series.values.size();
      } catch (const promql::ParseError& e) {
        reader_.error(inside(map.find("values")->value, e.position()), e.what());
      }
    }
    return series;
  }

  AlertTest read_alert_test(const YAML::Node& node) {
    AlertTest test;
    YamlMap map(reader_, node, "an alert_rule_test item", {"eval_time", "alertname", "exp_alerts"});
    read_duration(map, "eval_time", test.eval_time);
    if (map.require("alertname")) map.read_string("alertname", test.alertname);
    if (auto list = map.read_list("exp_alerts")) {
      for (const YAML::Node& item : *list) {
        YamlMap alert(reader_, item, "an expected alert", {"exp_labels", "exp_annotations"});
        ExpectedAlert expected;
        expected.labels = read_string_map(alert, "exp_labels");
        expected.annotations = read_string_map(alert, "exp_annotations");
        // promtool adds the alert name, replacing any given.
        std::erase_if(expected.labels, [](const auto& l) { return l.first == "alertname"; });
        expected.labels.emplace_back("alertname", test.alertname);
        std::sort(expected.labels.begin(), expected.labels.end());
        test.alerts.push_back(std::move(expected));
      }
    }
    return test;
  }

  PromqlTest read_promql_test(const YAML::Node& node) {
    PromqlTest test;
    YamlMap map(reader_, node, "a promql_expr_test item", {"expr", "eval_time", "exp_samples"});
    read_duration(map, "eval_time", test.eval_time);
    if (map.require("expr") && map.read_string("expr", test.expr_text)) {
      try {
        test.expr = promql::parse_expr(test.expr_text);
      } catch (const promql::ParseError& e) {
        reader_.error(inside(map.find("expr")->value, e.position()),
                      std::string("invalid expression: ") + e.what());
      }
    }
    if (auto list = map.read_list("exp_samples")) {
      for (const YAML::Node& item : *list) test.samples.push_back(read_sample(item));
    }
    return test;
  }

  ExpectedSample read_sample(const YAML::Node& node) {
    ExpectedSample sample;
    YamlMap map(reader_, node, "an expected sample", {"labels", "value"});
    std::string labels;
    if (map.read_string("labels", labels) && !labels.empty()) {
      try {
        promql::SeriesDescription d = promql::parse_series_description(labels);
        sample.labels = std::move(d.labels);
        if (!d.name.empty()) sample.labels.emplace_back("__name__", d.name);
        std::sort(sample.labels.begin(), sample.labels.end());
      } catch (const promql::ParseError& e) {
        reader_.error(inside(map.find("labels")->value, e.position()),
                      std::string("invalid labels: ") + e.what());
      }
    }
    if (const YamlField* f = map.find("value")) {
      if (!f->value.IsScalar() || !parse_yaml_float(f->value, sample.value)) {
        reader_.error(reader_.value_at(*f),
                      "expected a number for 'value', got " + describe(f->value));
      }
    }
    return sample;
  }

  // A YAML 1.1 float as Go's yaml.v2 reads one: decimal forms and .inf, -.inf, .nan.
  static bool parse_yaml_float(const YAML::Node& node, double& out) {
    if (node.Tag() == "!") return false;  // quoted: a string
    std::string text = node.Scalar();
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == ".inf" || lower == "+.inf") {
      out = std::numeric_limits<double>::infinity();
      return true;
    }
    if (lower == "-.inf") {
      out = -std::numeric_limits<double>::infinity();
      return true;
    }
    if (lower == ".nan") {
      out = std::numeric_limits<double>::quiet_NaN();
      return true;
    }
    std::erase(text, '_');
    const char* begin = text.data();
    if (!text.empty() && text[0] == '+') ++begin;
    if (begin == text.data() + text.size() || lower.find("inf") != std::string::npos ||
        lower.find("nan") != std::string::npos) {
      return false;
    }
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  }

  YamlReader& reader_;
  std::string_view text_;
  // Input values the rest of the file may hold.
  std::size_t values_left_ = kMaxSeriesValues;
};

}  // namespace

UnitTestFile parse_unit_test_file(std::string_view text, const std::string& path) {
  YamlReader reader(path);
  YamlDocuments documents;
  try {
    documents = parse_yaml_documents(std::string(text));
  } catch (const YAML::Exception& e) {
    throw InputError("invalid YAML: " + e.msg, reader.at(e.mark));
  }
  UnitTestFile file;
  file.path = path;
  if (documents.count == 0 || documents.first.IsNull()) {
    throw InputError("the unit-test file is empty (expected a map with keys rule_files and tests)",
                     SourceLocation{path, 1, 1});
  }
  UnitTestReader(reader, text).read_file(documents.first, file);
  if (reader.failed()) throw InputError(reader.take_diagnostics());
  return file;
}

UnitTestFile load_unit_test_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError("cannot read unit-test file '" + path + "': " + std::strerror(errno));
  std::stringstream text;
  text << in.rdbuf();
  return parse_unit_test_file(text.str(), path);
}

}  // namespace firedrill::promtest
