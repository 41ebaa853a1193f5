#include "sim/promql/type_check.h"

#include <string>

#include "sim/promql/function_table.h"
#include "sim/promql/parser.h"

namespace firedrill::promql {
namespace {

const char* binary_op_name(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSub:
      return "-";
    case BinaryOp::kMul:
      return "*";
    case BinaryOp::kDiv:
      return "/";
    case BinaryOp::kMod:
      return "%";
    case BinaryOp::kPow:
      return "^";
    case BinaryOp::kEq:
      return "==";
    case BinaryOp::kNe:
      return "!=";
    case BinaryOp::kGt:
      return ">";
    case BinaryOp::kLt:
      return "<";
    case BinaryOp::kGe:
      return ">=";
    case BinaryOp::kLe:
      return "<=";
    case BinaryOp::kAnd:
      return "and";
    case BinaryOp::kOr:
      return "or";
    case BinaryOp::kUnless:
      return "unless";
  }
  return "?";
}

bool is_comparison(BinaryOp op) {
  return op == BinaryOp::kEq || op == BinaryOp::kNe || op == BinaryOp::kGt || op == BinaryOp::kLt ||
         op == BinaryOp::kGe || op == BinaryOp::kLe;
}

bool is_set_operator(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

class TypeChecker {
 public:
  explicit TypeChecker(std::string_view text) : text_(text) {}

  void check(const Expr& expr) {
    std::visit([&](const auto& node) { check_node(expr, node); }, expr.node);
  }

 private:
  [[noreturn]] static void fail(const std::string& message, int position) {
    throw ParseError(message, position);
  }

  void expect_type(const Expr& expr, ValueType want, const std::string& context) {
    check(expr);
    if (expr.type != want) {
      fail(std::string("expected type ") + value_type_name(want) + " in " + context + ", got " +
               value_type_name(expr.type),
           expr.begin);
    }
  }

  // Where a binary expression's operator starts: the first non-space after
  // its left operand (as Prometheus places operator errors).
  int operator_position(const Binary& binary) const {
    std::size_t pos = static_cast<std::size_t>(binary.lhs->end);
    while (pos < text_.size() && is_space(text_[pos])) ++pos;
    return static_cast<int>(pos);
  }

  void check_node(const Expr&, const NumberLiteral&) {}
  void check_node(const Expr&, const StringLiteral&) {}

  void check_node(const Expr& expr, const VectorSelector& selector) {
    if (!selector.name.empty()) {
      for (std::size_t i = 1; i < selector.matchers.size(); ++i) {
        if (selector.matchers[i].name == "__name__") {
          fail("metric name must not be set twice: \"" + selector.name + "\" or \"" +
                   selector.matchers[i].value + "\"",
               expr.begin);
        }
      }
      return;
    }
    for (const LabelMatcher& matcher : selector.matchers) {
      if (!matcher.matches("")) return;
    }
    fail("vector selector must contain at least one non-empty matcher", expr.begin);
  }

  void check_node(const Expr& expr, const MatrixSelector& matrix) {
    check_node(expr, matrix.selector);
  }

  void check_node(const Expr& expr, const Call& call) {
    const FunctionSignature* f = find_function(call.function);
    if (f == nullptr) fail("unknown function with name \"" + call.function + "\"", expr.begin);
    const int declared = static_cast<int>(f->arg_types.size());
    const int given = static_cast<int>(call.args.size());
    const std::string quoted = "\"" + call.function + "\"";
    if (f->variadic == 0) {
      if (declared != given) {
        fail("expected " + std::to_string(declared) + " argument(s) in call to " + quoted +
                 ", got " + std::to_string(given),
             expr.begin);
      }
    } else {
      const int required = declared - 1;
      if (required > given) {
        fail("expected at least " + std::to_string(required) + " argument(s) in call to " + quoted +
                 ", got " + std::to_string(given),
             expr.begin);
      }
      if (f->variadic > 0 && required + f->variadic < given) {
        fail("expected at most " + std::to_string(required + f->variadic) +
                 " argument(s) in call to " + quoted + ", got " + std::to_string(given),
             expr.begin);
      }
    }
    for (int i = 0; i < given; ++i) {
      int type_index = i;
      if (i >= declared) {
        if (f->variadic == 0) break;
        type_index = declared - 1;
      }
      expect_type(*call.args[static_cast<std::size_t>(i)],
                  f->arg_types[static_cast<std::size_t>(type_index)], "call to function " + quoted);
    }
  }

  void check_node(const Expr&, const Aggregation& aggregation) {
    expect_type(*aggregation.expr, ValueType::kInstantVector, "aggregation expression");
    if (aggregation.param) {
      expect_type(*aggregation.param, ValueType::kScalar, "aggregation parameter");
    }
  }

  void check_node(const Expr& expr, const Unary& unary) {
    check(*unary.expr);
    const ValueType t = unary.expr->type;
    if (t != ValueType::kScalar && t != ValueType::kInstantVector) {
      fail(std::string("unary expression only allowed on expressions of type scalar or instant "
                       "vector, got \"") +
               value_type_name(t) + "\"",
           expr.begin);
    }
  }

  void check_node(const Expr&, const Paren& paren) { check(*paren.expr); }

  void check_node(const Expr& expr, const Binary& binary) {
    check(*binary.lhs);
    check(*binary.rhs);
    const ValueType lt = binary.lhs->type;
    const ValueType rt = binary.rhs->type;
    const std::string op_name = binary_op_name(binary.op);
    if (binary.return_bool && !is_comparison(binary.op)) {
      fail("bool modifier can only be used on comparison operators", operator_position(binary));
    }
    if (is_comparison(binary.op) && !binary.return_bool && lt == ValueType::kScalar &&
        rt == ValueType::kScalar) {
      fail("comparisons between scalars must use BOOL modifier", operator_position(binary));
    }
    const VectorMatching* matching = binary.matching ? &*binary.matching : nullptr;
    // Here `matching` is still as written, for scalar operands too (parse_expr
    // drops it afterwards), so that modifiers on scalars can be reported.
    if (matching != nullptr && matching->on) {
      for (const std::string& label : matching->labels) {
        for (const std::string& included : matching->include) {
          if (label == included) {
            fail("label \"" + label + "\" must not occur in ON and GROUP clause at once",
                 operator_position(binary));
          }
        }
      }
    }
    auto operand_ok = [](ValueType t) {
      return t == ValueType::kScalar || t == ValueType::kInstantVector;
    };
    if (!operand_ok(lt)) {
      fail("binary expression must contain only scalar and instant vector types",
           binary.lhs->begin);
    }
    if (!operand_ok(rt)) {
      fail("binary expression must contain only scalar and instant vector types",
           binary.rhs->begin);
    }
    const bool both_vectors = lt == ValueType::kInstantVector && rt == ValueType::kInstantVector;
    if (!both_vectors) {
      if (matching != nullptr && !matching->labels.empty()) {
        fail("vector matching only allowed between instant vectors", expr.begin);
      }
    } else if (is_set_operator(binary.op) && matching != nullptr) {
      if (matching->card == VectorMatching::Cardinality::kOneToMany ||
          matching->card == VectorMatching::Cardinality::kManyToOne) {
        fail("no grouping allowed for \"" + op_name + "\" operation", expr.begin);
      }
    }
    if ((lt == ValueType::kScalar || rt == ValueType::kScalar) && is_set_operator(binary.op)) {
      fail("set operator \"" + op_name + "\" not allowed in binary scalar expression", expr.begin);
    }
  }

  std::string_view text_;
};

}  // namespace

void check_types(const Expr& expr, std::string_view text) {
  TypeChecker(text).check(expr);
}

}  // namespace firedrill::promql
