// The parsed form of an alert template (sim/alerting/template.h): what
// template_parse.cpp builds and template_exec.cpp runs. Internal to sim/alerting.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/alerting/template.h"

namespace firedrill::tmpl {

// Slots of the variables every alert template starts with, as Prometheus
// defines them ("{{$labels := .Labels}}..."); declared ones follow.
enum PredefinedVariable : int {
  kRootVariable = 0,  // $
  kLabelsVariable,
  kExternalLabelsVariable,
  kExternalUrlVariable,
  kValueVariable,
  kPredefinedVariableCount,
};

struct Pipeline;

// One argument of a command, or the command's function.
struct Operand {
  enum class Kind { kString, kInt, kFloat, kBool, kNil, kDot, kVariable, kFunction, kPipeline };
  Kind kind = Kind::kNil;
  std::string text;  // a string's value; a function's name
  std::int64_t int_value = 0;
  double float_value = 0;
  bool bool_value = false;
  int variable = -1;                   // kVariable: the slot
  std::vector<std::string> fields;     // .a.b after a variable, the dot or a pipeline
  std::shared_ptr<Pipeline> pipeline;  // kPipeline: ( ... )
  int position = 0;
};

// `function arg...` or a lone operand; in a pipeline the previous command's
// result is passed as a last argument.
struct Command {
  std::vector<Operand> operands;
  int position = 0;
  std::string source;  // as written, for error messages
};

struct Pipeline {
  std::vector<int> declared;  // $x := ... (one) or range $k, $v := ... (two)
  std::vector<Command> commands;
  int position = 0;
};

struct Node;
using NodeList = std::vector<Node>;

struct Node {
  enum class Kind { kText, kAction, kIf, kWith, kRange };
  Kind kind = Kind::kText;
  std::string text;  // kText
  Pipeline pipeline;
  NodeList body;
  NodeList otherwise;  // {{ else }} part
  int position = 0;
};

}  // namespace firedrill::tmpl

namespace firedrill {

struct Template::Program {
  tmpl::NodeList nodes;
  int variable_count = tmpl::kPredefinedVariableCount;
};

}  // namespace firedrill

namespace firedrill::tmpl {

// Whether `name` is a function templates may call.
bool is_template_function(const std::string& name);

}  // namespace firedrill::tmpl
