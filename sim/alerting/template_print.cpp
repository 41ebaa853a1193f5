// Printing template values as Go's fmt does: Sprint for actions, Sprintf for
// printf. Wrong verbs print Go's "%!d(float64=1.5)" rather than failing.
#include <string>

#include "sim/alerting/go_format.h"
#include "sim/alerting/template_value.h"
#include "sim/promql/go_quote.h"

namespace firedrill::tmpl {

std::string type_name(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kInt:
      return "int";
    case Value::Kind::kFloat:
      return "float64";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kMap:
      return "map[string]string";
    case Value::Kind::kData:
      return "*template.tmplData";
    case Value::Kind::kNil:
      break;
  }
  return "<nil>";
}

namespace {

std::string print_map(const Labels* map) {
  std::string out = "map[";
  bool first = true;
  if (map != nullptr) {
    for (const auto& [name, value] : *map) {
      if (!first) out.push_back(' ');
      first = false;
      out += name + ":" + value;
    }
  }
  return out + "]";
}

}  // namespace

std::string print_value(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kString:
      return v.string;
    case Value::Kind::kInt:
      return std::to_string(v.integer);
    case Value::Kind::kFloat:
      return go::format_float_v(v.number);
    case Value::Kind::kBool:
      return v.boolean ? "true" : "false";
    case Value::Kind::kMap:
      return print_map(v.map);
    case Value::Kind::kData:
      return "{" + print_map(v.data->labels) + " " + print_map(v.data->external_labels) + " " +
             std::string(v.data->external_url) + " " + go::format_float_v(v.data->value) + "}";
    case Value::Kind::kNil:
      break;
  }
  return "<no value>";
}

bool truth(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kString:
      return !v.string.empty();
    case Value::Kind::kInt:
      return v.integer != 0;
    case Value::Kind::kFloat:
      return v.number != 0;
    case Value::Kind::kBool:
      return v.boolean;
    case Value::Kind::kMap:
      return v.map != nullptr && !v.map->empty();
    case Value::Kind::kData:
      return true;
    case Value::Kind::kNil:
      break;
  }
  return false;
}

namespace {

struct Spec {
  bool minus = false, plus = false, zero = false, space = false, sharp = false;
  int width = -1;
  int precision = -1;
};

std::string bad_verb(char verb, const Value& v) {
  if (v.kind == Value::Kind::kNil) return std::string("%!") + verb + "(<nil>)";
  return std::string("%!") + verb + "(" + type_name(v) + "=" + print_value(v) + ")";
}

std::string hex(std::uint64_t n, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (n == 0) return "0";
  std::string out;
  while (n != 0) {
    out.insert(out.begin(), digits[n & 15]);
    n >>= 4;
  }
  return out;
}

// Pads `body` to the width; zero padding goes after the sign.
std::string pad(std::string body, const Spec& spec, bool numeric) {
  if (spec.width < 0 || static_cast<int>(body.size()) >= spec.width) return body;
  const std::size_t n = static_cast<std::size_t>(spec.width) - body.size();
  if (spec.minus) return body + std::string(n, ' ');
  if (spec.zero && numeric) {
    const std::size_t sign = !body.empty() && (body[0] == '-' || body[0] == '+') ? 1 : 0;
    body.insert(sign, std::string(n, '0'));
    return body;
  }
  return std::string(n, ' ') + body;
}

std::string with_sign(std::string s, const Spec& spec) {
  if (!s.empty() && s[0] != '-' && s[0] != '+') {
    if (spec.plus) return "+" + s;
    if (spec.space) return " " + s;
  }
  return s;
}

std::string format_one(char verb, const Spec& spec, const Value& v) {
  switch (verb) {
    case 'v':
      if (v.kind == Value::Kind::kFloat || v.kind == Value::Kind::kInt) {
        return pad(with_sign(print_value(v), spec), spec, true);
      }
      return pad(print_value(v), spec, false);
    case 's':
      if (v.kind != Value::Kind::kString) return bad_verb(verb, v);
      return pad(spec.precision >= 0 ? v.string.substr(0, static_cast<std::size_t>(spec.precision))
                                     : v.string,
                 spec, false);
    case 'q':
      if (v.kind != Value::Kind::kString) return bad_verb(verb, v);
      return pad(promql::go_quote(v.string), spec, false);
    case 't':
      if (v.kind != Value::Kind::kBool) return bad_verb(verb, v);
      return pad(v.boolean ? "true" : "false", spec, false);
    case 'd':
      if (v.kind != Value::Kind::kInt) return bad_verb(verb, v);
      return pad(with_sign(std::to_string(v.integer), spec), spec, true);
    case 'x':
    case 'X': {
      const bool upper = verb == 'X';
      if (v.kind == Value::Kind::kInt) {
        const bool negative = v.integer < 0;
        const std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(v.integer)
                                                 : static_cast<std::uint64_t>(v.integer);
        return pad(with_sign((negative ? "-" : "") + hex(magnitude, upper), spec), spec, true);
      }
      if (v.kind == Value::Kind::kString) {
        std::string out;
        for (const char c : v.string) {
          const std::string h = hex(static_cast<unsigned char>(c), upper);
          out += (h.size() == 1 ? "0" : "") + h;
        }
        return pad(out, spec, false);
      }
      return bad_verb(verb, v);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      if (v.kind != Value::Kind::kFloat) return bad_verb(verb, v);
      return pad(with_sign(go::format_float(v.number, verb, spec.precision), spec), spec, true);
    default:
      return bad_verb(verb, v);
  }
}

}  // namespace

std::string sprintf(std::string_view format, const std::vector<Value>& args) {
  std::string out;
  std::size_t next_arg = 0;
  std::size_t i = 0;
  while (i < format.size()) {
    const char c = format[i++];
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    Spec spec;
    for (; i < format.size(); ++i) {
      const char f = format[i];
      if (f == '-') {
        spec.minus = true;
      } else if (f == '+') {
        spec.plus = true;
      } else if (f == '0') {
        spec.zero = true;
      } else if (f == ' ') {
        spec.space = true;
      } else if (f == '#') {
        spec.sharp = true;
      } else {
        break;
      }
    }
    // Go's fmt refuses widths and precisions beyond a million: a longer
    // number ends the format (parsenum), a larger `*` argument is a bad width.
    constexpr int kTooLarge = 1'000'000;
    auto parse_number = [&](int& target) {
      while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
        if (target > kTooLarge) {
          target = -1;
          i = format.size();
          return;
        }
        target = (target < 0 ? 0 : target) * 10 + (format[i] - '0');
        ++i;
      }
    };
    // An int argument for `*`, consumed if there is one; false (Go's
    // BADWIDTH, BADPREC) if it is missing, not an int or too large.
    auto number_argument = [&](int& target) {
      if (next_arg >= args.size()) return false;
      const Value& arg = args[next_arg++];
      if (arg.kind != Value::Kind::kInt || arg.integer < -kTooLarge || arg.integer > kTooLarge) {
        return false;
      }
      target = static_cast<int>(arg.integer);
      return true;
    };
    if (i < format.size() && format[i] == '*') {
      ++i;
      int width = 0;
      if (!number_argument(width)) out += "%!(BADWIDTH)";
      if (width < 0) {
        width = -width;
        spec.minus = true;
        spec.zero = false;
      }
      spec.width = width;
    } else {
      parse_number(spec.width);
    }
    if (i < format.size() && format[i] == '.') {
      ++i;
      if (i < format.size() && format[i] == '*') {
        ++i;
        if (!number_argument(spec.precision) || spec.precision < 0) {
          spec.precision = -1;
          out += "%!(BADPREC)";
        }
      } else {
        spec.precision = 0;
        parse_number(spec.precision);
        if (spec.precision < 0) spec.precision = 0;
      }
    }
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    const char verb = format[i++];
    if (verb == '%') {
      out.push_back('%');
      continue;
    }
    if (next_arg >= args.size()) {
      out += std::string("%!") + verb + "(MISSING)";
      continue;
    }
    out += format_one(verb, spec, args[next_arg++]);
  }
  if (next_arg < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t a = next_arg; a < args.size(); ++a) {
      if (a != next_arg) out += ", ";
      out += type_name(args[a]) + "=" + print_value(args[a]);
    }
    out += ")";
  }
  return out;
}

}  // namespace firedrill::tmpl
