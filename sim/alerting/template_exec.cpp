// Expanding a parsed alert template: walks the nodes with Go's semantics
// (missingkey=zero: a missing label is ""), and turns an error into the text
// Prometheus puts in the annotation.
#include <string>
#include <vector>

#include "sim/alerting/go_format.h"
#include "sim/alerting/template.h"
#include "sim/alerting/template_syntax.h"
#include "sim/alerting/template_value.h"

namespace firedrill {
namespace tmpl {
namespace {

// What Prometheus puts before every alert template; Go's error positions
// count it.
constexpr int kPreambleLength = 112;  // {{$labels := .Labels}}...{{$value := .Value}}

struct ExecError {
  std::string message;
  int position = 0;
  std::string context;  // the command, as written
};

class Executor {
 public:
  Executor(const TemplateData& data, int variable_count)
      : data_(data), variables_(static_cast<std::size_t>(variable_count)) {
    Value root;
    root.kind = Value::Kind::kData;
    root.data = &data_;
    variables_[kRootVariable] = root;
    variables_[kLabelsVariable] = Value::of_map(data.labels);
    variables_[kExternalLabelsVariable] = Value::of_map(data.external_labels);
    variables_[kExternalUrlVariable] = Value::of_string(std::string(data.external_url));
    variables_[kValueVariable] = Value::of_float(data.value);
  }

  void run(const NodeList& nodes, const Value& dot, std::string& out) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case Node::Kind::kText:
          out += node.text;
          break;
        case Node::Kind::kAction: {
          Value v = pipeline(node.pipeline, dot);
          if (node.pipeline.declared.empty()) out += print_value(v);
          break;
        }
        case Node::Kind::kIf:
        case Node::Kind::kWith: {
          const Value v = pipeline(node.pipeline, dot);
          if (truth(v)) {
            run(node.body, node.kind == Node::Kind::kWith ? v : dot, out);
          } else {
            run(node.otherwise, dot, out);
          }
          break;
        }
        case Node::Kind::kRange:
          range(node, dot, out);
          break;
      }
    }
  }

 private:
  void range(const Node& node, const Value& dot, std::string& out) {
    const Value v = pipeline(node.pipeline, dot);
    const std::vector<int>& declared = node.pipeline.declared;
    if (v.kind == Value::Kind::kMap) {
      if (v.map == nullptr || v.map->empty()) {
        run(node.otherwise, dot, out);
        return;
      }
      for (const auto& [key, value] : *v.map) {
        const Value element = Value::of_string(value);
        if (declared.size() == 1) variables_[static_cast<std::size_t>(declared[0])] = element;
        if (declared.size() == 2) {
          variables_[static_cast<std::size_t>(declared[0])] = Value::of_string(key);
          variables_[static_cast<std::size_t>(declared[1])] = element;
        }
        run(node.body, element, out);
      }
      return;
    }
    if (v.kind == Value::Kind::kInt) {
      if (v.integer <= 0) run(node.otherwise, dot, out);
      for (std::int64_t i = 0; i < v.integer; ++i) {
        const Value element = Value::of_int(i);
        for (const int slot : declared) variables_[static_cast<std::size_t>(slot)] = element;
        run(node.body, element, out);
      }
      return;
    }
    if (v.kind == Value::Kind::kNil) {
      run(node.otherwise, dot, out);
      return;
    }
    throw ExecError{"range can't iterate over " + print_value(v), node.position, "range"};
  }

  Value pipeline(const Pipeline& pipe, const Value& dot) {
    Value v;
    for (std::size_t i = 0; i < pipe.commands.size(); ++i) {
      v = command(pipe.commands[i], dot, i > 0 ? &v : nullptr);
    }
    for (const int slot : pipe.declared) variables_[static_cast<std::size_t>(slot)] = v;
    return v;
  }

  Value command(const Command& cmd, const Value& dot, const Value* piped) {
    const Operand& head = cmd.operands.front();
    if (head.kind != Operand::Kind::kFunction) return operand(head, dot, cmd);
    std::vector<Value> args;
    args.reserve(cmd.operands.size());
    for (std::size_t i = 1; i < cmd.operands.size(); ++i) {
      args.push_back(operand(cmd.operands[i], dot, cmd));
    }
    if (piped != nullptr) args.push_back(*piped);
    try {
      return call_function(head.text, args);
    } catch (const FunctionError& e) {
      throw ExecError{"error calling " + head.text + ": " + e.what(), cmd.position, cmd.source};
    } catch (const ArgumentError& e) {
      throw ExecError{e.what(), cmd.position, cmd.source};
    }
  }

  Value operand(const Operand& op, const Value& dot, const Command& cmd) {
    Value v;
    switch (op.kind) {
      case Operand::Kind::kString:
        return Value::of_string(op.text);
      case Operand::Kind::kInt:
        return Value::of_int(op.int_value);
      case Operand::Kind::kFloat:
        return Value::of_float(op.float_value);
      case Operand::Kind::kBool:
        return Value::of_bool(op.bool_value);
      case Operand::Kind::kNil:
        return v;
      case Operand::Kind::kFunction: {
        // A function as an argument is called without arguments, as in Go:
        // one that needs some fails here, at expansion.
        const Arity arity = function_arity(op.text);
        if (arity.min > 0) {
          throw ExecError{"wrong number of args for " + op.text + ": want " +
                              (arity.max < 0 ? "at least " : "") + std::to_string(arity.min) +
                              " got 0",
                          op.position, op.text};
        }
        std::vector<Value> none;
        try {
          return call_function(op.text, none);
        } catch (const std::exception& e) {
          throw ExecError{"error calling " + op.text + ": " + e.what(), op.position, cmd.source};
        }
      }
      case Operand::Kind::kDot:
        v = dot;
        break;
      case Operand::Kind::kVariable:
        v = variables_[static_cast<std::size_t>(op.variable)];
        break;
      case Operand::Kind::kPipeline:
        v = pipeline(*op.pipeline, dot);
        break;
    }
    for (const std::string& field : op.fields) v = field_of(v, field, op, cmd);
    return v;
  }

  Value field_of(const Value& v, const std::string& field, const Operand& op, const Command& cmd) {
    if (v.kind == Value::Kind::kMap) {
      if (v.map != nullptr) {
        for (const auto& [name, value] : *v.map) {
          if (name == field) return Value::of_string(value);
        }
      }
      return Value::of_string("");
    }
    if (v.kind == Value::Kind::kData) {
      if (field == "Labels") return Value::of_map(v.data->labels);
      if (field == "ExternalLabels") return Value::of_map(v.data->external_labels);
      if (field == "ExternalURL") return Value::of_string(std::string(v.data->external_url));
      if (field == "Value") return Value::of_float(v.data->value);
    }
    if (v.kind == Value::Kind::kNil) {
      throw ExecError{"nil pointer evaluating interface {}." + field, op.position, cmd.source};
    }
    throw ExecError{"can't evaluate field " + field + " in type " + type_name(v), op.position,
                    cmd.source};
  }

  const TemplateData& data_;
  std::vector<Value> variables_;
};

}  // namespace
}  // namespace tmpl

std::string Template::expand(const TemplateData& data) const {
  if (constant_) return text_;
  tmpl::Executor executor(data, program_->variable_count);
  std::string out;
  try {
    tmpl::Value root;
    root.kind = tmpl::Value::Kind::kData;
    root.data = &data;
    executor.run(program_->nodes, root, out);
  } catch (const tmpl::ExecError& e) {
    // Go's position: "name:line:column", the column counted from the start
    // of the line (on the first line, after Prometheus' preamble).
    const std::string_view before =
        std::string_view(text_).substr(0, static_cast<std::size_t>(e.position));
    int line = 1;
    for (const char c : before) line += c == '\n' ? 1 : 0;
    const std::size_t newline = before.rfind('\n');
    const int column = newline == std::string_view::npos
                           ? e.position + tmpl::kPreambleLength
                           : e.position - static_cast<int>(newline) - 1;
    return "<error expanding template: error executing template " + name_ + ": template: " + name_ +
           ":" + std::to_string(line) + ":" + std::to_string(column) + ": executing \"" + name_ +
           "\" at <" + e.context + ">: " + e.message + ">";
  }
  return out;
}

}  // namespace firedrill
