// Alert templates: the Go text/template language as Prometheus uses it in
// alert labels and annotations ("{{ $labels.service }} is at {{ $value |
// humanizePercentage }}"), with Go's formatting to the byte.
//
//   auto t = Template::parse("{{ $labels.job }} down", "__alert_JobDown");  // throws TemplateError
//   std::string s = t->expand({&sample_labels, value, &external_labels, external_url});
//
// Supported: text and actions with trim markers ({{- -}}), comments,
// variables $labels $value $externalLabels $externalURL $ and declared ones
// ($x := ...), fields .Labels .Value .ExternalLabels .ExternalURL, literals,
// pipelines, parenthesised pipelines, if/else if/else/with/range/end, and the
// functions humanize, humanize1024, humanizeDuration, humanizePercentage,
// humanizeTimestamp, printf, print, toUpper, toLower, title, reReplaceAll,
// match, safeHtml, eq, ne, lt, le, gt, ge, and, or, not, len, index.
// Anything else is refused by parse(), as Prometheus refuses an unknown
// function. Expansion errors give "<error expanding template: ...>" as
// Prometheus does.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/metrics/metric_store.h"

namespace firedrill {

// A template that does not parse. `position` is the byte offset in the
// template text; what() is the problem ("function \"foo\" not defined").
class TemplateError : public std::runtime_error {
 public:
  TemplateError(const std::string& message, int position)
      : std::runtime_error(message), position_(position) {}
  int position() const { return position_; }

 private:
  int position_;
};

// What a template sees: the alert's sample and the server's settings.
struct TemplateData {
  const Labels* labels = nullptr;           // $labels: the sample's labels (with __name__)
  double value = 0;                         // $value
  const Labels* external_labels = nullptr;  // $externalLabels
  std::string_view external_url;            // $externalURL
};

class Template {
 public:
  // Parses `text`. `name` names it in expansion errors, as Prometheus does
  // ("__alert_HighErrorRate"). Throws TemplateError.
  static std::shared_ptr<const Template> parse(std::string_view text, std::string name);

  // Expands with `data`. Never throws for errors in the template: returns
  // "<error expanding template: ...>" instead.
  std::string expand(const TemplateData& data) const;

  // Whether the text has no actions (expand() returns it unchanged).
  bool is_constant() const { return constant_; }
  const std::string& text() const { return text_; }

  struct Program;  // the parsed actions (template_syntax.h)
  Template(std::string text, std::string name, std::unique_ptr<Program> program);
  ~Template();
  Template(const Template&) = delete;
  Template& operator=(const Template&) = delete;

 private:
  std::string text_;
  std::string name_;
  std::unique_ptr<Program> program_;
  bool constant_ = false;
};

}  // namespace firedrill
