#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "sim/promql/function_table.h"
#include "sim/promql/parser.h"

using namespace firedrill;
using namespace firedrill::promql;

namespace {

// A compact rendering of the tree, fully parenthesised, to pin structure.
std::string show(const Expr& e);

std::string show_selector(const VectorSelector& s) {
  std::string out = s.name + "{";
  for (const LabelMatcher& m : s.matchers) {
    static const char* const kOps[] = {"=", "!=", "=~", "!~"};
    out += m.name + kOps[static_cast<int>(m.op)] + m.value + ";";
  }
  out += "}";
  if (s.offset != 0) out += " offset " + std::to_string(s.offset / kSecond) + "s";
  return out;
}

std::string show(const Expr& e) {
  struct Visitor {
    std::string operator()(const NumberLiteral& n) const {
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%g", n.value);
      return buffer;
    }
    std::string operator()(const StringLiteral& s) const { return "'" + s.value + "'"; }
    std::string operator()(const VectorSelector& s) const { return show_selector(s); }
    std::string operator()(const MatrixSelector& m) const {
      return show_selector(m.selector) + "[" + std::to_string(m.range / kSecond) + "s]";
    }
    std::string operator()(const Call& c) const {
      std::string out = c.function + "(";
      for (std::size_t i = 0; i < c.args.size(); ++i) out += (i ? ", " : "") + show(*c.args[i]);
      return out + ")";
    }
    std::string operator()(const Aggregation& a) const {
      std::string out = "agg" + std::to_string(static_cast<int>(a.op));
      if (!a.grouping.empty() || a.without) {
        out += a.without ? " without(" : " by(";
        for (const std::string& g : a.grouping) out += g + ",";
        out += ")";
      }
      out += "(";
      if (a.param) out += show(*a.param) + ", ";
      return out + show(*a.expr) + ")";
    }
    std::string operator()(const Unary& u) const {
      return std::string(u.negate ? "-" : "+") + show(*u.expr);
    }
    std::string operator()(const Binary& b) const {
      static const char* const kOps[] = {
          "+", "-", "*", "/", "%", "^", "==", "!=", ">", "<", ">=", "<=", "and", "or", "unless"};
      std::string op = kOps[static_cast<int>(b.op)];
      if (b.return_bool) op += " bool";
      return "(" + show(*b.lhs) + " " + op + " " + show(*b.rhs) + ")";
    }
    std::string operator()(const Paren& p) const { return "[" + show(*p.expr) + "]"; }
  };
  return std::visit(Visitor{}, e.node);
}

std::string show(std::string_view text) {
  return show(*parse_expr(text));
}

// "position: message" of the error parsing `text` gives, or "no error".
std::string error_of(std::string_view text) {
  try {
    parse_expr(text);
  } catch (const ParseError& e) {
    return std::to_string(e.position()) + ": " + e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("binary operators bind as in Prometheus", "[promql][parser]") {
  CHECK(show("1 + 2 * 3") == "(1 + (2 * 3))");
  CHECK(show("1 * 2 + 3") == "((1 * 2) + 3)");
  CHECK(show("1 - 2 - 3") == "((1 - 2) - 3)");
  CHECK(show("2 ^ 3 ^ 2") == "(2 ^ (3 ^ 2))");
  CHECK(show("a or b and c") == "(a{__name__=a;} or (b{__name__=b;} and c{__name__=c;}))");
  CHECK(show("a and b unless c") == "((a{__name__=a;} and b{__name__=b;}) unless c{__name__=c;})");
  CHECK(show("a > 1 + 2") == "(a{__name__=a;} > (1 + 2))");
  CHECK(show("a == bool 1 or b") == "((a{__name__=a;} == bool 1) or b{__name__=b;})");
  CHECK(show("1 + 2 % 3 / 4") == "(1 + ((2 % 3) / 4))");
}

TEST_CASE("unary minus binds looser than ^ and like * otherwise", "[promql][parser]") {
  CHECK(show("-2 ^ 2") == "-(2 ^ 2)");
  CHECK(show("-a * b") == "(-a{__name__=a;} * b{__name__=b;})");
  CHECK(show("2 ^ -1") == "(2 ^ -1)");
  CHECK(show("a + -b * c") == "(a{__name__=a;} + (-b{__name__=b;} * c{__name__=c;}))");
  // A signed number is a number literal, as in Prometheus.
  ExprPtr minus_one = parse_expr("-1");
  REQUIRE(std::holds_alternative<NumberLiteral>(minus_one->node));
  CHECK(std::get<NumberLiteral>(minus_one->node).value == -1);
  CHECK(minus_one->begin == 0);
  CHECK(minus_one->end == 2);
  CHECK(show("- -1") == "1");
  CHECK(show("+a") == "+a{__name__=a;}");
}

TEST_CASE("numbers in every notation", "[promql][parser]") {
  auto number = [](std::string_view text) {
    return std::get<NumberLiteral>(parse_expr(text)->node).value;
  };
  CHECK(number("42") == 42);
  CHECK(number("1.5") == 1.5);
  CHECK(number(".5") == 0.5);
  CHECK(number("1e3") == 1000);
  CHECK(number("2.5E-1") == 0.25);
  CHECK(number("0x1F") == 31);
  CHECK(number("010") == 8);  // Go's ParseInt with base 0: octal
  CHECK(std::isinf(number("Inf")));
  CHECK(std::isinf(number("-inf")));
  CHECK(number("-inf") < 0);
  CHECK(std::isnan(number("NaN")));
  CHECK(std::isnan(number("nan")));
  CHECK(error_of("1.5e") ==
        "0: error parsing number: strconv.ParseFloat: parsing \"1.5e\": "
        "invalid syntax");
}

TEST_CASE("strings take Go escapes in double and single quotes but none in backticks",
          "[promql][parser]") {
  auto string_value = [](std::string_view text) {
    return std::get<StringLiteral>(parse_expr(text)->node).value;
  };
  CHECK(string_value(R"("a\nb\t\\\"")") == "a\nb\t\\\"");
  CHECK(string_value(R"('it\'s')") == "it's");
  CHECK(string_value(R"("\x41\101\u00e9\U0001F600")") == "AA\xc3\xa9\xf0\x9f\x98\x80");
  CHECK(string_value(R"(`raw\n`)") == "raw\\n");
  CHECK(string_value("'a\"b'") == "a\"b");
  CHECK(error_of(R"("a\qb")") == "2: unknown escape sequence U+0071 'q'");
  CHECK(error_of(R"("\x4")") == "1: illegal character U+0022 '\"' in escape sequence");
  CHECK(error_of(R"("\uD800")") == "1: escape sequence is an invalid Unicode code point");
  CHECK(error_of(R"("it\'s")") == "3: unknown escape sequence U+0027 '''");
  CHECK(error_of("\"abc") == "0: unterminated quoted string");
  CHECK(error_of("`abc") == "0: unterminated raw string");
  CHECK(parse_expr("\"s\"")->type == ValueType::kString);
}

TEST_CASE("selectors keep the metric name as the first matcher", "[promql][parser]") {
  const std::string text = R"(http_requests_total{code=~"5..", method!="GET", a!~"x|y", b="c",})";
  ExprPtr e = parse_expr(text);
  const auto& s = std::get<VectorSelector>(e->node);
  CHECK(s.name == "http_requests_total");
  REQUIRE(s.matchers.size() == 5);
  CHECK(s.matchers[0].name == "__name__");
  CHECK(s.matchers[0].op == LabelMatcher::Op::kEqual);
  CHECK(s.matchers[0].value == "http_requests_total");
  CHECK(s.matchers[1].op == LabelMatcher::Op::kRegexMatch);
  CHECK(s.matchers[2].op == LabelMatcher::Op::kNotEqual);
  CHECK(s.matchers[3].op == LabelMatcher::Op::kRegexNoMatch);
  CHECK(s.matchers[4].value == "c");
  // Regex matchers are anchored at both ends.
  CHECK(s.matchers[1].matches("500"));
  CHECK_FALSE(s.matchers[1].matches("5000"));
  CHECK_FALSE(s.matchers[1].matches("x500"));
  CHECK(s.matchers[3].matches("xy"));
  CHECK_FALSE(s.matchers[3].matches("y"));
  CHECK(s.matchers[2].matches(""));
  CHECK(e->type == ValueType::kInstantVector);
  CHECK(e->begin == 0);
  CHECK(e->end == static_cast<int>(text.size()));

  ExprPtr only_matchers = parse_expr(R"({__name__="up", job="api"})");
  const auto& s2 = std::get<VectorSelector>(only_matchers->node);
  CHECK(s2.name.empty());
  CHECK(s2.matchers.size() == 2);
  CHECK(show("job:requests:rate5m") == "job:requests:rate5m{__name__=job:requests:rate5m;}");
  // Keywords are plain label names inside braces; start and end are metric names.
  CHECK(show(R"(x{by="1", on="2"})") == "x{__name__=x;by=1;on=2;}");
  CHECK(show("end + start") == "(end{__name__=end;} + start{__name__=start;})");
}

TEST_CASE("selectors need a matcher that rejects the empty string", "[promql][parser]") {
  CHECK(error_of(R"({a=""})") == "0: vector selector must contain at least one non-empty matcher");
  CHECK(error_of(R"(1 + {a=~".*"})") ==
        "4: vector selector must contain at least one non-empty matcher");
  CHECK(error_of(R"({a=~".+"})") == "no error");
  CHECK(error_of("foo{}") == "no error");
  CHECK(error_of(R"(foo{__name__="x"})") ==
        "0: metric name must not be set twice: \"foo\" or \"x\"");
}

TEST_CASE("ranges and offsets", "[promql][parser]") {
  ExprPtr e = parse_expr("rate(x[5m] offset -1h)");
  const auto& call = std::get<Call>(e->node);
  const auto& m = std::get<MatrixSelector>(call.args[0]->node);
  CHECK(m.range == 5 * kMinute);
  CHECK(m.selector.offset == -kHour);
  CHECK(call.args[0]->begin == 5);
  CHECK(call.args[0]->end == 21);
  CHECK(call.args[0]->type == ValueType::kRangeVector);

  ExprPtr v = parse_expr("x offset 1h30m");
  CHECK(std::get<VectorSelector>(v->node).offset == kHour + 30 * kMinute);
  CHECK(v->end == 14);
  CHECK(show("-x offset 5m") == "-x{__name__=x;} offset 300s");
  CHECK(show("x[1h30m]") == "x{__name__=x;}[5400s]");
  CHECK(show("x[500ms]") == "x{__name__=x;}[0s]");
  CHECK(std::get<MatrixSelector>(parse_expr("x[500ms]")->node).range == 500 * kMillisecond);

  CHECK(error_of("x[0s]") == "2: duration must be greater than 0");
  CHECK(error_of("x offset 0s") == "9: duration must be greater than 0");
  CHECK(error_of("x[5]") == "2: missing unit character in duration");
  CHECK(error_of("x[5m1]") == "2: bad duration syntax: \"5m1\"");
  CHECK(error_of("x[1m30h]") == "2: not a valid duration string: \"1m30h\"");
  CHECK(error_of("x offset 5m [5m]") == "12: no offset modifiers allowed before range");
  CHECK(error_of("(x)[5m]") == "3: ranges only allowed for vector selectors");
  CHECK(error_of("x offset 1m offset 2m") == "0: offset may not be set multiple times");
  CHECK(error_of("rate(x[5m]) offset 1m") ==
        "0: offset modifier must be preceded by an instant vector selector or range vector "
        "selector or a subquery");
  CHECK(error_of("x offset +5m") == "9: unexpected <op:+> in offset, expected duration");
  CHECK(error_of("x[5m") == "4: unclosed left bracket");
  CHECK(error_of("5m") == "0: unexpected duration \"5m\"");
}

TEST_CASE("aggregations take by or without before or after the arguments", "[promql][parser]") {
  CHECK(show("sum by (a, b) (x)") == "agg0 by(a,b,)(x{__name__=x;})");
  CHECK(show("sum(x) by (a)") == "agg0 by(a,)(x{__name__=x;})");
  CHECK(show("avg without (a,) (x)") == "agg1 without(a,)(x{__name__=x;})");
  CHECK(show("topk(3, x)") == "agg8(3, x{__name__=x;})");
  CHECK(show("quantile without () (0.9, x)") == "agg10 without()(0.9, x{__name__=x;})");
  CHECK(show("count by (sum, on) (x)") == "agg4 by(sum,on,)(x{__name__=x;})");
  CHECK(show("group(x)") == "agg5(x{__name__=x;})");
  ExprPtr e = parse_expr("sum(x) by (a)");
  CHECK(e->end == 13);
  CHECK(e->type == ValueType::kInstantVector);

  CHECK(error_of("sum by (a)") == "10: unexpected end of input in aggregation");
  CHECK(error_of("sum by (a) x") == "11: unexpected identifier \"x\" in aggregation");
  CHECK(error_of("sum(x) by a") ==
        "10: unexpected identifier \"a\" in grouping opts, expected \"(\"");
  CHECK(error_of("sum by (a:b) (x)") ==
        "8: unexpected metric identifier \"a:b\" in grouping opts, expected label");
  CHECK(error_of("sum(x) by (a) without (b)") == "14: unexpected <without>");
  CHECK(error_of("topk(x)") ==
        "0: wrong number of arguments for aggregate expression provided, expected 2, got 1");
  CHECK(error_of("sum(a, b)") ==
        "0: wrong number of arguments for aggregate expression provided, expected 1, got 2");
  CHECK(error_of("sum()") == "0: no arguments for aggregate expression provided");
  CHECK(error_of("sum(1)") ==
        "4: expected type instant vector in aggregation expression, got scalar");
  CHECK(error_of("quantile(\"a\", x)") ==
        "9: expected type scalar in aggregation parameter, got string");
  CHECK(error_of("topk(1, x[5m])") ==
        "8: expected type instant vector in aggregation expression, got range vector");
}

TEST_CASE("vector matching modifiers", "[promql][parser]") {
  ExprPtr e = parse_expr("a / on (job, instance) group_left (team) b");
  const auto& b = std::get<Binary>(e->node);
  REQUIRE(b.matching);
  CHECK(b.matching->on);
  CHECK(b.matching->labels == std::vector<std::string>{"job", "instance"});
  CHECK(b.matching->card == VectorMatching::Cardinality::kManyToOne);
  CHECK(b.matching->include == std::vector<std::string>{"team"});

  ExprPtr right = parse_expr("a - ignoring(x) group_right b");
  const auto& b2 = std::get<Binary>(right->node);
  CHECK_FALSE(b2.matching->on);
  CHECK(b2.matching->card == VectorMatching::Cardinality::kOneToMany);
  CHECK(b2.matching->include.empty());

  ExprPtr sum = parse_expr("a + b");
  const auto& plain = std::get<Binary>(sum->node);
  REQUIRE(plain.matching);
  CHECK(plain.matching->card == VectorMatching::Cardinality::kOneToOne);
  CHECK(plain.matching->labels.empty());

  ExprPtr conjunction = parse_expr("a and on(x) b");
  const auto& set = std::get<Binary>(conjunction->node);
  CHECK(set.matching->card == VectorMatching::Cardinality::kManyToMany);

  // No matching between a vector and a scalar.
  ExprPtr filter = parse_expr("a > bool 1");
  const auto& with_scalar = std::get<Binary>(filter->node);
  CHECK_FALSE(with_scalar.matching);
  CHECK(with_scalar.return_bool);
  CHECK(parse_expr("a > bool 1")->type == ValueType::kInstantVector);
  CHECK(parse_expr("1 > bool 2")->type == ValueType::kScalar);
}

TEST_CASE("binary operations are type checked as Prometheus does", "[promql][parser]") {
  CHECK(error_of("1 < 2") == "2: comparisons between scalars must use BOOL modifier");
  CHECK(error_of("1 == bool 2") == "no error");
  CHECK(error_of("foo + bool bar") == "4: bool modifier can only be used on comparison operators");
  CHECK(error_of("1 and foo") == "0: set operator \"and\" not allowed in binary scalar expression");
  CHECK(error_of("foo + bar[5m]") ==
        "6: binary expression must contain only scalar and instant vector types");
  CHECK(error_of("\"a\" + 1") ==
        "0: binary expression must contain only scalar and instant "
        "vector types");
  CHECK(error_of("foo and on(a) group_left bar") == "0: no grouping allowed for \"and\" operation");
  CHECK(error_of("1 + on(a) foo") == "0: vector matching only allowed between instant vectors");
  CHECK(error_of("foo + on(a) group_left(a) bar") ==
        "4: label \"a\" must not occur in ON and GROUP clause at once");
  CHECK(error_of("foo + group_left bar") == "6: unexpected <group_left>");
  CHECK(error_of("-\"a\"") ==
        "0: unary expression only allowed on expressions of type scalar or instant vector, got "
        "\"string\"");
  CHECK(error_of("-x[5m]") ==
        "0: unary expression only allowed on expressions of type scalar or instant vector, got "
        "\"range vector\"");
}

TEST_CASE("function calls are checked against the function table", "[promql][parser]") {
  CHECK(error_of("rate(foo)") ==
        "5: expected type range vector in call to function \"rate\", got instant vector");
  CHECK(error_of("rate(foo[5m], 1)") == "0: expected 1 argument(s) in call to \"rate\", got 2");
  CHECK(error_of("round(x, 1, 2)") ==
        "0: expected at most 2 argument(s) in call to \"round\", got 3");
  CHECK(error_of("label_join(x)") ==
        "0: expected at least 3 argument(s) in call to \"label_join\", got 1");
  CHECK(error_of("time(1)") == "0: expected 0 argument(s) in call to \"time\", got 1");
  CHECK(error_of("vector(x)") ==
        "7: expected type scalar in call to function \"vector\", got instant vector");
  CHECK(error_of("foo(x)") == "0: unknown function with name \"foo\"");
  CHECK(error_of("1 + holt_winters(x[5m], 0.1, 0.1)") ==
        "4: function \"holt_winters\" is not supported");
  CHECK(error_of("sum(x,)") == "5: trailing commas not allowed in function call args");
  CHECK(error_of("label_join(x, \"a\", \",\", \"b\", \"c\", \"d\")") == "no error");
  CHECK(error_of("hour()") == "no error");
  CHECK(error_of("round(x)") == "no error");
  CHECK(parse_expr("time()")->type == ValueType::kScalar);
  CHECK(parse_expr("scalar(x)")->type == ValueType::kScalar);
  CHECK(parse_expr("abs(x)")->type == ValueType::kInstantVector);
}

TEST_CASE("every supported function parses with arguments of its types", "[promql][parser]") {
  for (const FunctionSignature& f : supported_functions()) {
    std::string call = std::string(f.name) + "(";
    for (std::size_t i = 0; i < f.arg_types.size(); ++i) {
      if (i > 0) call += ", ";
      switch (f.arg_types[i]) {
        case ValueType::kScalar:
          call += "0.5";
          break;
        case ValueType::kInstantVector:
          call += "x";
          break;
        case ValueType::kRangeVector:
          call += "x[5m]";
          break;
        case ValueType::kString:
          call += "\"a\"";
          break;
      }
    }
    call += ")";
    INFO(call);
    ExprPtr e;
    REQUIRE_NOTHROW(e = parse_expr(call));
    CHECK(std::get<Call>(e->node).function == f.name);
    CHECK(e->type == f.return_type);
    CHECK(e->end == static_cast<int>(call.size()));
  }
  CHECK(supported_functions().size() == 50);
}

TEST_CASE("unsupported constructs are named at their position", "[promql][parser]") {
  CHECK(error_of("rate(x[5m:1m])") == "6: subqueries are not supported");
  CHECK(error_of("x[5m:]") == "1: subqueries are not supported");
  CHECK(error_of("x @ 100") == "2: the @ modifier is not supported");
  CHECK(error_of("count_values(\"v\", x)") == "0: the count_values aggregation is not supported");
  CHECK(error_of("histogram_count(x)") == "0: function \"histogram_count\" is not supported");
  CHECK(error_of("atan2(x)") == "0: unexpected <op:atan2>");
  CHECK(error_of("x atan2 y") == "2: the atan2 operator is not supported");
}

TEST_CASE("syntax errors point at the offending character", "[promql][parser]") {
  CHECK(error_of("foo bar") == "4: unexpected identifier \"bar\"");
  CHECK(error_of("1 2") == "2: unexpected number \"2\"");
  CHECK(error_of("1 +") == "3: unexpected end of input");
  CHECK(error_of("sum(foo") == "7: unclosed left parenthesis");
  CHECK(error_of("foo{a=\"b\"") == "9: unexpected end of input inside braces");
  CHECK(error_of(")") == "0: unexpected right parenthesis ')'");
  CHECK(error_of("()") == "1: unexpected \")\"");
  CHECK(error_of("foo}") == "3: unexpected character: '}'");
  CHECK(error_of("foo{a}") ==
        "5: unexpected \"}\" in label matching, expected label matching "
        "operator");
  CHECK(error_of("foo{a=b}") ==
        "6: unexpected identifier \"b\" in label matching, expected "
        "string");
  CHECK(error_of("foo{a=\"b\" c=\"d\"}") ==
        "10: unexpected identifier \"c\" in label matching, expected \",\" or \"}\"");
  CHECK(error_of("foo{a=\"b\",,}") ==
        "10: unexpected \",\" in label matching, expected identifier or \"}\"");
  CHECK(error_of("foo{a=1}") == "6: unexpected character inside braces: '1'");
  CHECK(error_of("!x") == "1: unexpected character after '!': 'x'");
  CHECK(error_of("1 + 2 bool") == "6: unexpected <bool>");
  CHECK(error_of("# only a comment") == "0: no expression found in input");
  CHECK(error_of("foo{a=~\"(\"}") == "7: error parsing regexp: missing closing ): `^(?:()$`");
  CHECK(error_of("foo{a=~\"a**\"}") ==
        "7: error parsing regexp: invalid nested repetition operator: `**`");
  // A syntax error wins over a type error earlier in the text, as in Prometheus.
  CHECK(error_of("rate(x) +") == "9: unexpected end of input");
}

TEST_CASE("comments and whitespace are skipped", "[promql][parser]") {
  CHECK(show("foo # the rate\n + 1") == "(foo{__name__=foo;} + 1)");
  CHECK(show("sum by (a) # group\n (\n  x\n)") == "agg0 by(a,)(x{__name__=x;})");
  ExprPtr e = parse_expr("  x  ");
  CHECK(e->begin == 2);
  CHECK(e->end == 3);
}

TEST_CASE("node positions cover their text", "[promql][parser]") {
  const std::string text = "sum by (a) (rate(x{b=\"c\"}[5m])) > bool 2 * (3)";
  ExprPtr e = parse_expr(text);
  CHECK(e->begin == 0);
  CHECK(e->end == static_cast<int>(text.size()));
  const auto& cmp = std::get<Binary>(e->node);
  CHECK(text.substr(cmp.lhs->begin, cmp.lhs->end - cmp.lhs->begin) ==
        "sum by (a) (rate(x{b=\"c\"}[5m]))");
  const auto& product = std::get<Binary>(cmp.rhs->node);
  CHECK(text.substr(product.rhs->begin, product.rhs->end - product.rhs->begin) == "(3)");
  const auto& agg = std::get<Aggregation>(cmp.lhs->node);
  CHECK(text.substr(agg.expr->begin, agg.expr->end - agg.expr->begin) == "rate(x{b=\"c\"}[5m])");
}

TEST_CASE("prometheus durations parse and format", "[promql][duration]") {
  CHECK(parse_prometheus_duration("5m") == 5 * kMinute);
  CHECK(parse_prometheus_duration("1h30m") == 90 * kMinute);
  CHECK(parse_prometheus_duration("500ms") == 500 * kMillisecond);
  CHECK(parse_prometheus_duration("1d") == kDay);
  CHECK(parse_prometheus_duration("1w") == 7 * kDay);
  CHECK(parse_prometheus_duration("1y") == 365 * kDay);
  CHECK(parse_prometheus_duration("1y2w3d4h5m6s7ms") == 365 * kDay + 14 * kDay + 3 * kDay +
                                                            4 * kHour + 5 * kMinute + 6 * kSecond +
                                                            7 * kMillisecond);
  CHECK(parse_prometheus_duration("0") == 0);
  CHECK(parse_prometheus_duration("90s") == 90 * kSecond);
  CHECK_THROWS_AS(parse_prometheus_duration(""), ParseError);
  CHECK_THROWS_AS(parse_prometheus_duration("1m1h"), ParseError);
  CHECK_THROWS_AS(parse_prometheus_duration("1.5h"), ParseError);
  CHECK_THROWS_AS(parse_prometheus_duration("5"), ParseError);
  CHECK_THROWS_AS(parse_prometheus_duration("5m5m"), ParseError);
  CHECK_THROWS_WITH(parse_prometheus_duration("1x"), "not a valid duration string: \"1x\"");

  CHECK(format_prometheus_duration(90 * kSecond) == "1m30s");
  CHECK(format_prometheus_duration(90 * kMinute) == "1h30m");
  CHECK(format_prometheus_duration(0) == "0s");
  CHECK(format_prometheus_duration(500 * kMillisecond) == "500ms");
  CHECK(format_prometheus_duration(14 * kDay) == "2w");
  CHECK(format_prometheus_duration(90 * kDay) == "90d");  // weeks only when exact
  CHECK(format_prometheus_duration(365 * kDay) == "1y");
  CHECK(format_prometheus_duration(-5 * kMinute) == "-5m");
  for (const char* text : {"5m", "1h30m", "500ms", "1d", "2w", "1y", "1h1m1s1ms", "0s"}) {
    CHECK(format_prometheus_duration(parse_prometheus_duration(text)) == text);
  }
}

TEST_CASE("series descriptions as promtool test files write them", "[promql][parser]") {
  SeriesDescription s = parse_series_description(R"(up{job="api", instance="b", })");
  CHECK(s.name == "up");
  REQUIRE(s.labels.size() == 2);
  CHECK(s.labels[0] == std::pair<std::string, std::string>{"instance", "b"});
  CHECK(s.labels[1] == std::pair<std::string, std::string>{"job", "api"});

  SeriesDescription named = parse_series_description(R"({__name__="rule:x:sum", a="1"})");
  CHECK(named.name == "rule:x:sum");
  CHECK(named.labels.size() == 1);
  CHECK(parse_series_description("job:up:sum").name == "job:up:sum");
  CHECK(parse_series_description("sum").name == "sum");

  CHECK_THROWS_AS(parse_series_description(R"(up{job=~"api"})"), ParseError);
  CHECK_THROWS_AS(parse_series_description(R"(up{job="a"} x)"), ParseError);
  CHECK_THROWS_AS(parse_series_description(R"(up{a="1", a="2"})"), ParseError);
  CHECK_THROWS_AS(parse_series_description(""), ParseError);
}
