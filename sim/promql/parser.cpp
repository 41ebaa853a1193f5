// parse_expr and parse_series_description: a recursive-descent parser with
// precedence climbing for binary operators, following Prometheus 2.42's
// grammar (promql/parser/generated_parser.y) and its error messages.
#include "sim/promql/parser.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

#include "sim/promql/function_table.h"
#include "sim/promql/lexer.h"
#include "sim/promql/type_check.h"

namespace firedrill::promql {
namespace {

constexpr int kMaxNesting = 256;
constexpr std::size_t kMaxBinaryOperators = 4096;

// Binding strength of binary operators; 0 for tokens that are none.
constexpr int kPowPrecedence = 6;

int precedence(const Token& token) {
  switch (token.kind) {
    case TokenKind::kPow:
      return kPowPrecedence;
    case TokenKind::kMul:
    case TokenKind::kDiv:
    case TokenKind::kMod:
      return 5;
    case TokenKind::kAdd:
    case TokenKind::kSub:
      return 4;
    case TokenKind::kEqual:
    case TokenKind::kNotEqual:
    case TokenKind::kLess:
    case TokenKind::kLessEqual:
    case TokenKind::kGreater:
    case TokenKind::kGreaterEqual:
      return 3;
    case TokenKind::kKeyword:
      if (token.value == "atan2") return 5;
      if (token.value == "and" || token.value == "unless") return 2;
      if (token.value == "or") return 1;
      return 0;
    default:
      return 0;
  }
}

BinaryOp binary_op(const Token& token) {
  switch (token.kind) {
    case TokenKind::kPow:
      return BinaryOp::kPow;
    case TokenKind::kMul:
      return BinaryOp::kMul;
    case TokenKind::kDiv:
      return BinaryOp::kDiv;
    case TokenKind::kMod:
      return BinaryOp::kMod;
    case TokenKind::kAdd:
      return BinaryOp::kAdd;
    case TokenKind::kSub:
      return BinaryOp::kSub;
    case TokenKind::kEqual:
      return BinaryOp::kEq;
    case TokenKind::kNotEqual:
      return BinaryOp::kNe;
    case TokenKind::kLess:
      return BinaryOp::kLt;
    case TokenKind::kLessEqual:
      return BinaryOp::kLe;
    case TokenKind::kGreater:
      return BinaryOp::kGt;
    case TokenKind::kGreaterEqual:
      return BinaryOp::kGe;
    default:
      break;
  }
  if (token.value == "and") return BinaryOp::kAnd;
  if (token.value == "unless") return BinaryOp::kUnless;
  return BinaryOp::kOr;
}

bool is_set_operator(BinaryOp op) {
  return op == BinaryOp::kAnd || op == BinaryOp::kOr || op == BinaryOp::kUnless;
}

struct AggregationKind {
  std::string_view name;
  AggregateOp op;
  bool has_param;
};
constexpr AggregationKind kAggregationKinds[] = {
    {"sum", AggregateOp::kSum, false},          {"avg", AggregateOp::kAvg, false},
    {"min", AggregateOp::kMin, false},          {"max", AggregateOp::kMax, false},
    {"count", AggregateOp::kCount, false},      {"group", AggregateOp::kGroup, false},
    {"stddev", AggregateOp::kStddev, false},    {"stdvar", AggregateOp::kStdvar, false},
    {"topk", AggregateOp::kTopk, true},         {"bottomk", AggregateOp::kBottomk, true},
    {"quantile", AggregateOp::kQuantile, true},
};

// A number as Prometheus reads it: strconv.ParseInt(s, 0, 64) (so "0x1F" is
// hex and "010" octal), else strconv.ParseFloat.
bool parse_number(std::string_view text, double& out) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  std::int64_t integer = 0;
  std::from_chars_result r{};
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    r = std::from_chars(first + 2, last, integer, 16);
  } else if (text.size() > 1 && text[0] == '0') {
    r = std::from_chars(first + 1, last, integer, 8);
  } else {
    r = std::from_chars(first, last, integer, 10);
  }
  if (r.ec == std::errc() && r.ptr == last) {
    out = static_cast<double>(integer);
    return true;
  }
  r = std::from_chars(first, last, out, std::chars_format::general);
  if (r.ec == std::errc::result_out_of_range) {
    out = std::numeric_limits<double>::infinity();
    return r.ptr == last;
  }
  return r.ec == std::errc() && r.ptr == last;
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), tokens_(lex(text)) {}

  ExprPtr parse_all() {
    if (peek().kind == TokenKind::kEnd) throw ParseError("no expression found in input", 0);
    ExprPtr expr = parse_binary(1);
    if (peek().kind != TokenKind::kEnd) unexpected(peek());
    check_types(*expr, text_);
    // The contract of Binary::matching: set only between two vectors.
    for (const std::shared_ptr<Expr>& binary : binaries_) {
      auto& node = std::get<Binary>(binary->node);
      if (node.lhs->type != ValueType::kInstantVector ||
          node.rhs->type != ValueType::kInstantVector) {
        node.matching.reset();
      }
    }
    return expr;
  }

  SeriesDescription parse_series() {
    SeriesDescription series;
    const Token& first = peek();
    const bool has_name = first.kind == TokenKind::kIdentifier ||
                          first.kind == TokenKind::kMetricIdentifier ||
                          first.kind == TokenKind::kKeyword;
    if (has_name) series.name = next().text;
    if (peek().kind == TokenKind::kLeftBrace) {
      next();
      bool name_label = false;
      while (peek().kind != TokenKind::kRightBrace) {
        const Token& label = peek();
        if (label.kind != TokenKind::kIdentifier) {
          unexpected(label, "label set", "identifier or \"}\"");
        }
        next();
        if (peek().kind != TokenKind::kAssign) unexpected(peek(), "label set", "\"=\"");
        next();
        if (peek().kind != TokenKind::kString) unexpected(peek(), "label set", "string");
        const Token& value = next();
        if (label.text == "__name__") {
          if (has_name || name_label) {
            throw ParseError("metric name must not be set twice", label.begin);
          }
          series.name = value.value;
          name_label = true;
        } else {
          for (const auto& [name, unused] : series.labels) {
            if (name == label.text) {
              throw ParseError("label \"" + label.text + "\" must not be set twice", label.begin);
            }
          }
          series.labels.emplace_back(label.text, value.value);
        }
        if (peek().kind == TokenKind::kComma) {
          next();
        } else if (peek().kind != TokenKind::kRightBrace) {
          unexpected(peek(), "label set", "\",\" or \"}\"");
        }
      }
      next();
    } else if (!has_name) {
      unexpected(peek(), "series description", "metric name or \"{\"");
    }
    if (peek().kind != TokenKind::kEnd) unexpected(peek());
    std::sort(series.labels.begin(), series.labels.end());
    return series;
  }

 private:
  const Token& peek() const { return tokens_[index_]; }
  const Token& peek_after() const {
    return index_ + 1 < tokens_.size() ? tokens_[index_ + 1] : tokens_.back();
  }
  const Token& next() {
    const Token& token = tokens_[index_];
    if (token.kind != TokenKind::kEnd && token.kind != TokenKind::kError) ++index_;
    return token;
  }
  bool peek_keyword(std::string_view word) const {
    return peek().kind == TokenKind::kKeyword && peek().value == word;
  }
  // The end of the last token consumed.
  int last_end() const { return index_ == 0 ? 0 : tokens_[index_ - 1].end; }

  [[noreturn]] static void unexpected(const Token& token, std::string_view context = {},
                                      std::string_view expected = {}) {
    if (token.kind == TokenKind::kError) throw ParseError(token.value, token.begin);
    std::string message = "unexpected " + describe_token(token);
    if (!context.empty()) message += " in " + std::string(context);
    if (!expected.empty()) message += ", expected " + std::string(expected);
    throw ParseError(message, token.begin);
  }

  static ExprPtr make(Node node, ValueType type, int begin, int end) {
    auto expr = std::make_shared<Expr>();
    expr->node = std::move(node);
    expr->type = type;
    expr->begin = begin;
    expr->end = end;
    return expr;
  }

  // Every nesting (parentheses, arguments, operands of unary operators and of
  // ^) comes through here. The limits keep the recursion (here, in the type
  // check and in destructors) far from the stack's end whatever the input.
  ExprPtr parse_binary(int min_precedence) {
    if (depth_ >= kMaxNesting) throw ParseError("expression nested too deeply", peek().begin);
    ++depth_;
    ExprPtr expr = parse_binary_at_depth(min_precedence);
    --depth_;
    return expr;
  }

  ExprPtr parse_binary_at_depth(int min_precedence) {
    ExprPtr lhs = parse_unary();
    while (true) {
      const Token& op = peek();
      const int prec = precedence(op);
      if (prec == 0 || prec < min_precedence) break;
      next();
      if (binaries_.size() >= kMaxBinaryOperators) {
        throw ParseError("expression has too many binary operators", op.begin);
      }
      if (op.kind == TokenKind::kKeyword && op.value == "atan2") {
        throw ParseError("the atan2 operator is not supported", op.begin);
      }
      Binary binary;
      binary.op = binary_op(op);
      if (peek_keyword("bool")) {
        next();
        binary.return_bool = true;
      }
      VectorMatching matching;
      if (is_set_operator(binary.op)) matching.card = VectorMatching::Cardinality::kManyToMany;
      if (peek_keyword("on") || peek_keyword("ignoring")) {
        matching.on = next().value == "on";
        matching.labels = parse_grouping_labels();
        if (peek_keyword("group_left") || peek_keyword("group_right")) {
          matching.card = next().value == "group_left" ? VectorMatching::Cardinality::kManyToOne
                                                       : VectorMatching::Cardinality::kOneToMany;
          if (peek().kind == TokenKind::kLeftParen) matching.include = parse_grouping_labels();
        }
      }
      binary.matching = std::move(matching);
      // ^ is right-associative, the others left-associative.
      ExprPtr rhs = parse_binary(prec == kPowPrecedence ? prec : prec + 1);
      const bool scalars = lhs->type == ValueType::kScalar && rhs->type == ValueType::kScalar;
      const int begin = lhs->begin;
      const int end = rhs->end;
      binary.lhs = std::move(lhs);
      binary.rhs = std::move(rhs);
      auto expr = std::make_shared<Expr>();
      expr->node = std::move(binary);
      expr->type = scalars ? ValueType::kScalar : ValueType::kInstantVector;
      expr->begin = begin;
      expr->end = end;
      binaries_.push_back(expr);
      lhs = expr;
    }
    return lhs;
  }

  // Unary + and - bind less tightly than ^ (-2 ^ 2 is -4) and like * otherwise.
  ExprPtr parse_unary() {
    if (peek().kind != TokenKind::kAdd && peek().kind != TokenKind::kSub) {
      return parse_postfix(parse_primary());
    }
    const Token& op = next();
    const bool negate = op.kind == TokenKind::kSub;
    ExprPtr operand = parse_binary(kPowPrecedence);
    if (const auto* number = std::get_if<NumberLiteral>(&operand->node)) {
      // As Prometheus: -1 is a number, not an operation on one.
      return make(NumberLiteral{negate ? -number->value : number->value}, ValueType::kScalar,
                  op.begin, operand->end);
    }
    const ValueType type = operand->type;
    const int end = operand->end;
    return make(Unary{negate, std::move(operand)}, type, op.begin, end);
  }

  ExprPtr parse_postfix(ExprPtr expr) {
    while (true) {
      if (peek().kind == TokenKind::kLeftBracket) {
        expr = parse_range(std::move(expr));
      } else if (peek_keyword("offset")) {
        expr = parse_offset(std::move(expr));
      } else if (peek().kind == TokenKind::kAt) {
        throw ParseError("the @ modifier is not supported", peek().begin);
      } else {
        return expr;
      }
    }
  }

  // A duration token's value: ranges and offsets must not be 0.
  SimTime parse_positive_duration(const Token& token) {
    SimTime d = 0;
    try {
      d = parse_prometheus_duration(token.value);
    } catch (const ParseError& e) {
      throw ParseError(e.what(), token.begin + e.position());
    }
    if (d == 0) throw ParseError("duration must be greater than 0", token.begin);
    return d;
  }

  ExprPtr parse_range(ExprPtr expr) {
    const Token& open = next();
    if (peek().kind == TokenKind::kColon)
      throw ParseError("subqueries are not supported", open.begin);
    if (peek().kind != TokenKind::kDuration) unexpected(peek(), "", "duration");
    const Token& duration = next();
    if (peek().kind == TokenKind::kColon)
      throw ParseError("subqueries are not supported", open.begin);
    if (peek().kind != TokenKind::kRightBracket) unexpected(peek());
    const Token& close = next();
    const SimTime range = parse_positive_duration(duration);
    const auto* selector = std::get_if<VectorSelector>(&expr->node);
    if (selector == nullptr) {
      throw ParseError("ranges only allowed for vector selectors", open.begin);
    }
    if (selector->offset != 0) {
      throw ParseError("no offset modifiers allowed before range", open.begin);
    }
    MatrixSelector matrix;
    matrix.selector = *selector;
    matrix.range = range;
    return make(std::move(matrix), ValueType::kRangeVector, expr->begin, close.end);
  }

  ExprPtr parse_offset(ExprPtr expr) {
    next();
    bool negative = false;
    if (peek().kind == TokenKind::kSub) {
      next();
      negative = true;
    }
    if (peek().kind != TokenKind::kDuration) unexpected(peek(), "offset", "duration");
    const Token& duration = next();
    const SimTime offset = parse_positive_duration(duration) * (negative ? -1 : 1);
    const char* kTwice = "offset may not be set multiple times";
    if (const auto* selector = std::get_if<VectorSelector>(&expr->node)) {
      if (selector->offset != 0) throw ParseError(kTwice, expr->begin);
      VectorSelector copy = *selector;
      copy.offset = offset;
      return make(std::move(copy), expr->type, expr->begin, duration.end);
    }
    if (const auto* matrix = std::get_if<MatrixSelector>(&expr->node)) {
      if (matrix->selector.offset != 0) throw ParseError(kTwice, expr->begin);
      MatrixSelector copy = *matrix;
      copy.selector.offset = offset;
      return make(std::move(copy), expr->type, expr->begin, duration.end);
    }
    throw ParseError(
        "offset modifier must be preceded by an instant vector selector or range vector "
        "selector or a subquery",
        expr->begin);
  }

  ExprPtr parse_primary() {
    const Token& token = peek();
    switch (token.kind) {
      case TokenKind::kNumber: {
        next();
        double value = 0;
        if (!parse_number(token.value, value)) {
          throw ParseError("error parsing number: strconv.ParseFloat: parsing \"" + token.text +
                               "\": invalid syntax",
                           token.begin);
        }
        return make(NumberLiteral{value}, ValueType::kScalar, token.begin, token.end);
      }
      case TokenKind::kString:
        next();
        return make(StringLiteral{token.value}, ValueType::kString, token.begin, token.end);
      case TokenKind::kLeftParen: {
        next();
        ExprPtr inner = parse_binary(1);
        if (peek().kind != TokenKind::kRightParen) unexpected(peek());
        const Token& close = next();
        const ValueType type = inner->type;
        return make(Paren{std::move(inner)}, type, token.begin, close.end);
      }
      case TokenKind::kLeftBrace:
        return parse_selector();
      case TokenKind::kIdentifier:
        if (peek_after().kind == TokenKind::kLeftParen) return parse_call();
        return parse_selector();
      case TokenKind::kMetricIdentifier:
        return parse_selector();
      case TokenKind::kKeyword:
        if (is_aggregation_keyword(token.value)) return parse_aggregation();
        break;
      default:
        break;
    }
    unexpected(token);
  }

  ExprPtr parse_selector() {
    VectorSelector selector;
    const int begin = peek().begin;
    if (peek().kind != TokenKind::kLeftBrace) {
      selector.name = next().text;
      LabelMatcher name_matcher;
      name_matcher.name = "__name__";
      name_matcher.value = selector.name;
      selector.matchers.push_back(std::move(name_matcher));
    }
    if (peek().kind == TokenKind::kLeftBrace) parse_label_matchers(selector.matchers);
    return make(std::move(selector), ValueType::kInstantVector, begin, last_end());
  }

  void parse_label_matchers(std::vector<LabelMatcher>& matchers) {
    constexpr std::string_view kContext = "label matching";
    next();  // {
    while (peek().kind != TokenKind::kRightBrace) {
      if (peek().kind != TokenKind::kIdentifier) {
        unexpected(peek(), kContext, "identifier or \"}\"");
      }
      LabelMatcher matcher;
      matcher.name = next().text;
      switch (peek().kind) {
        case TokenKind::kAssign:
          matcher.op = LabelMatcher::Op::kEqual;
          break;
        case TokenKind::kNotEqual:
          matcher.op = LabelMatcher::Op::kNotEqual;
          break;
        case TokenKind::kRegexMatch:
          matcher.op = LabelMatcher::Op::kRegexMatch;
          break;
        case TokenKind::kRegexNoMatch:
          matcher.op = LabelMatcher::Op::kRegexNoMatch;
          break;
        default:
          unexpected(peek(), kContext, "label matching operator");
      }
      next();
      if (peek().kind != TokenKind::kString) unexpected(peek(), kContext, "string");
      const Token& value = next();
      matcher.value = value.value;
      if (matcher.op == LabelMatcher::Op::kRegexMatch ||
          matcher.op == LabelMatcher::Op::kRegexNoMatch) {
        std::string error;
        matcher.regex = Regex::compile(matcher.value, error);
        if (!matcher.regex) throw ParseError("error parsing regexp: " + error, value.begin);
      }
      matchers.push_back(std::move(matcher));
      if (peek().kind == TokenKind::kComma) {
        next();
      } else if (peek().kind != TokenKind::kRightBrace) {
        unexpected(peek(), kContext, "\",\" or \"}\"");
      }
    }
    next();  // }
  }

  // `( expr, expr )` of a call or aggregation; Prometheus' function_call_body.
  std::vector<ExprPtr> parse_call_args() {
    std::vector<ExprPtr> args;
    next();  // (
    if (peek().kind == TokenKind::kRightParen) {
      next();
      return args;
    }
    while (true) {
      args.push_back(parse_binary(1));
      if (peek().kind == TokenKind::kComma) {
        const Token& comma = next();
        if (peek().kind == TokenKind::kRightParen) {
          throw ParseError("trailing commas not allowed in function call args", comma.begin);
        }
        continue;
      }
      if (peek().kind != TokenKind::kRightParen) unexpected(peek());
      next();
      return args;
    }
  }

  ExprPtr parse_call() {
    const Token& name = next();
    std::vector<ExprPtr> args = parse_call_args();
    const FunctionSignature* function = find_function(name.text);
    if (function == nullptr) {
      if (is_unsupported_prometheus_function(name.text)) {
        throw ParseError("function \"" + name.text + "\" is not supported", name.begin);
      }
      throw ParseError("unknown function with name \"" + name.text + "\"", name.begin);
    }
    Call call;
    call.function = name.text;
    call.args = std::move(args);
    return make(std::move(call), function->return_type, name.begin, last_end());
  }

  // `(a, b)` after by, without, on, ignoring, group_left, group_right.
  std::vector<std::string> parse_grouping_labels() {
    constexpr std::string_view kContext = "grouping opts";
    if (peek().kind != TokenKind::kLeftParen) unexpected(peek(), kContext, "\"(\"");
    next();
    std::vector<std::string> labels;
    while (peek().kind != TokenKind::kRightParen) {
      const Token& label = peek();
      if (label.kind != TokenKind::kIdentifier && label.kind != TokenKind::kKeyword) {
        unexpected(label, kContext, "label");
      }
      labels.push_back(next().text);
      if (peek().kind == TokenKind::kComma) {
        next();
      } else if (peek().kind != TokenKind::kRightParen) {
        unexpected(peek(), kContext, "\",\" or \")\"");
      }
    }
    next();
    return labels;
  }

  ExprPtr parse_aggregation() {
    const Token& op = next();
    if (op.value == "count_values") {
      throw ParseError("the count_values aggregation is not supported", op.begin);
    }
    const AggregationKind* kind = nullptr;
    for (const AggregationKind& k : kAggregationKinds) {
      if (k.name == op.value) kind = &k;
    }
    Aggregation aggregation;
    aggregation.op = kind->op;
    bool grouped = false;
    auto parse_modifier = [&] {
      aggregation.without = next().value == "without";
      aggregation.grouping = parse_grouping_labels();
      grouped = true;
    };
    if (peek_keyword("by") || peek_keyword("without")) parse_modifier();
    if (peek().kind != TokenKind::kLeftParen) unexpected(peek(), "aggregation");
    std::vector<ExprPtr> args = parse_call_args();
    if (!grouped && (peek_keyword("by") || peek_keyword("without"))) parse_modifier();
    const int end = last_end();
    if (args.empty()) throw ParseError("no arguments for aggregate expression provided", op.begin);
    const std::size_t wanted = kind->has_param ? 2 : 1;
    if (args.size() != wanted) {
      throw ParseError("wrong number of arguments for aggregate expression provided, expected " +
                           std::to_string(wanted) + ", got " + std::to_string(args.size()),
                       op.begin);
    }
    if (kind->has_param) aggregation.param = args[0];
    aggregation.expr = args.back();
    return make(std::move(aggregation), ValueType::kInstantVector, op.begin, end);
  }

  std::string_view text_;
  std::vector<Token> tokens_;
  std::size_t index_ = 0;
  // Every Binary built, to drop `matching` between non-vectors after the check.
  std::vector<std::shared_ptr<Expr>> binaries_;
  int depth_ = 0;
};

}  // namespace

ExprPtr parse_expr(std::string_view text) {
  return Parser(text).parse_all();
}

SeriesDescription parse_series_description(std::string_view text) {
  return Parser(text).parse_series();
}

}  // namespace firedrill::promql
