// The functions alert templates call: Prometheus' own (template/template.go:
// humanize*, reReplaceAll, match, title, ...) and the Go text/template
// builtins alerts use (printf, eq, lt, and, ...), with Go's results and
// error messages.
#include <re2/re2.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "sim/alerting/go_format.h"
#include "sim/alerting/template_syntax.h"
#include "sim/alerting/template_value.h"
#include "sim/promql/go_quote.h"

namespace firedrill::tmpl {
namespace {

const std::map<std::string, Arity, std::less<>>& functions() {
  static const std::map<std::string, Arity, std::less<>> table = {
      {"and", {1, -1}},
      {"eq", {1, -1}},
      {"ge", {2, 2}},
      {"gt", {2, 2}},
      {"humanize", {1, 1}},
      {"humanize1024", {1, 1}},
      {"humanizeDuration", {1, 1}},
      {"humanizePercentage", {1, 1}},
      {"humanizeTimestamp", {1, 1}},
      {"index", {1, -1}},
      {"le", {2, 2}},
      {"len", {1, 1}},
      {"lt", {2, 2}},
      {"match", {2, 2}},
      {"ne", {2, 2}},
      {"not", {1, 1}},
      {"or", {1, -1}},
      {"print", {0, -1}},
      {"printf", {1, -1}},
      {"println", {0, -1}},
      {"reReplaceAll", {3, 3}},
      {"safeHtml", {1, 1}},
      {"stripPort", {1, 1}},
      {"title", {1, 1}},
      {"toLower", {1, 1}},
      {"toUpper", {1, 1}},
  };
  return table;
}

const std::string& want_string(const Value& v) {
  if (v.kind != Value::Kind::kString) {
    throw ArgumentError("wrong type for value; expected string; got " + type_name(v));
  }
  return v.string;
}

// strconv.ParseFloat.
double parse_float(const std::string& s) {
  const auto invalid = [&] {
    return FunctionError("strconv.ParseFloat: parsing " + promql::go_quote(s) + ": invalid syntax");
  };
  if (s.empty()) throw invalid();
  std::string_view text = s;
  bool negative = false;
  if (text[0] == '+' || text[0] == '-') {
    negative = text[0] == '-';
    text.remove_prefix(1);
    if (!text.empty() && (text[0] == '+' || text[0] == '-')) throw invalid();
  }
  double v = 0;
  const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
  if (r.ptr != text.data() + text.size() || text.empty()) throw invalid();
  if (r.ec == std::errc::result_out_of_range) {
    throw FunctionError("strconv.ParseFloat: parsing " + promql::go_quote(s) +
                        ": value out of range");
  }
  return negative ? -v : v;
}

// Prometheus' convertToFloat.
double to_float(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kFloat:
      return v.number;
    case Value::Kind::kInt:
      return static_cast<double>(v.integer);
    case Value::Kind::kString:
      return parse_float(v.string);
    default:
      throw FunctionError("can't convert " + type_name(v) + " to float");
  }
}

std::string g4(double v) {
  return go::format_float(v, 'g', 4);
}

std::string humanize(double v) {
  if (v == 0 || std::isnan(v) || std::isinf(v)) return g4(v);
  static const char* kBig[] = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  static const char* kSmall[] = {"m", "u", "n", "p", "f", "a", "z", "y"};
  std::string prefix;
  if (std::fabs(v) >= 1) {
    for (const char* p : kBig) {
      if (std::fabs(v) < 1000) break;
      prefix = p;
      v /= 1000;
    }
    return g4(v) + prefix;
  }
  for (const char* p : kSmall) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix;
}

std::string humanize1024(double v) {
  if (std::fabs(v) <= 1 || std::isnan(v) || std::isinf(v)) return g4(v);
  static const char* kPrefixes[] = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};
  std::string prefix;
  for (const char* p : kPrefixes) {
    if (std::fabs(v) < 1024) break;
    prefix = p;
    v /= 1024;
  }
  return g4(v) + prefix;
}

std::string humanize_duration(double v) {
  if (std::isnan(v) || std::isinf(v)) return g4(v);
  if (v == 0) return g4(v) + "s";
  if (std::fabs(v) >= 1) {
    std::string sign;
    if (v < 0) {
      sign = "-";
      v = -v;
    }
    const auto duration = static_cast<std::int64_t>(v);
    const std::int64_t seconds = duration % 60;
    const std::int64_t minutes = (duration / 60) % 60;
    const std::int64_t hours = (duration / 60 / 60) % 24;
    const std::int64_t days = duration / 60 / 60 / 24;
    const auto s = [](std::int64_t n) { return std::to_string(n); };
    if (days != 0) {
      return sign + s(days) + "d " + s(hours) + "h " + s(minutes) + "m " + s(seconds) + "s";
    }
    if (hours != 0) return sign + s(hours) + "h " + s(minutes) + "m " + s(seconds) + "s";
    if (minutes != 0) return sign + s(minutes) + "m " + s(seconds) + "s";
    return sign + g4(v) + "s";
  }
  static const char* kSmall[] = {"m", "u", "n", "p", "f", "a", "z", "y"};
  std::string prefix;
  for (const char* p : kSmall) {
    if (std::fabs(v) >= 1) break;
    prefix = p;
    v *= 1000;
  }
  return g4(v) + prefix + "s";
}

// Days since 1970-01-01 -> year, month, day (proleptic Gregorian).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  y = static_cast<std::int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
}

// Go's time.Time.String() of a UTC time given in milliseconds since the epoch.
std::string format_utc(std::int64_t millis) {
  std::int64_t seconds = millis / 1000;
  std::int64_t ms = millis % 1000;
  if (ms < 0) {
    ms += 1000;
    seconds -= 1;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  std::int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld",
                static_cast<long long>(year), month, day, static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  std::string out = buf;
  if (ms != 0) {
    std::snprintf(buf, sizeof buf, ".%03lld", static_cast<long long>(ms));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out + " +0000 UTC";
}

std::string humanize_timestamp(double v) {
  if (std::isnan(v) || std::isinf(v)) return g4(v);
  const double nanos = v * 1e9;
  if (nanos > 9223372036854775807.0 || nanos < -9223372036854775808.0) {
    throw FunctionError(
        go::format_float_v(v) +
        " cannot be represented as a nanoseconds timestamp since it overflows int64");
  }
  // model.TimeFromUnixNano keeps milliseconds, truncating toward zero.
  const auto ns = static_cast<std::int64_t>(nanos);
  return format_utc(ns / 1000000);
}

// strings.Title: the first letter of every word upper-cased (ASCII).
std::string title(std::string s) {
  bool after_separator = true;
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    const bool word = std::isalnum(u) != 0 || c == '_' || u >= 0x80;
    if (after_separator && u < 0x80) c = static_cast<char>(std::toupper(u));
    after_separator = !word;
  }
  return s;
}

std::string to_case(std::string s, bool upper) {
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    c = static_cast<char>(upper ? std::toupper(u) : std::tolower(u));
  }
  return s;
}

// Compiled regular expressions, kept: the same few patterns come back at
// every evaluation.
std::shared_ptr<const RE2> compile(const std::string& pattern) {
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const RE2>, std::less<>> cache;
  const std::lock_guard<std::mutex> lock(mutex);
  auto it = cache.find(pattern);
  if (it != cache.end()) return it->second;
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_shared<const RE2>(pattern, options);
  if (!re->ok()) {
    throw FunctionError("regexp: Compile(" + promql::go_quote(pattern) +
                        "): error parsing regexp: " + re->error());
  }
  if (cache.size() > 256) cache.clear();
  cache.emplace(pattern, re);
  return re;
}

// Go's Regexp.ReplaceAllString: $1, ${1}, $name, ${name}, $$ in `replacement`.
std::string replace_all(const RE2& re, const std::string& replacement, const std::string& text) {
  const int groups = re.NumberOfCapturingGroups();
  std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups + 1));
  const std::map<std::string, int>& named = re.NamedCapturingGroups();
  std::string out;
  std::size_t last_end = 0;
  std::size_t search = 0;
  const re2::StringPiece input(text);
  while (search <= text.size()) {
    if (!re.Match(input, search, text.size(), RE2::UNANCHORED, match.data(), groups + 1)) break;
    const auto begin = static_cast<std::size_t>(match[0].data() - text.data());
    const std::size_t end = begin + match[0].size();
    out.append(text, last_end, begin - last_end);
    if (end > last_end || begin == 0) {
      for (std::size_t i = 0; i < replacement.size(); ++i) {
        const char c = replacement[i];
        if (c != '$' || i + 1 >= replacement.size()) {
          out.push_back(c);
          continue;
        }
        if (replacement[i + 1] == '$') {
          out.push_back('$');
          ++i;
          continue;
        }
        std::string name;
        std::size_t j = i + 1;
        if (replacement[j] == '{') {
          const std::size_t close = replacement.find('}', j);
          if (close == std::string::npos) {
            out.push_back(c);
            continue;
          }
          name = replacement.substr(j + 1, close - j - 1);
          j = close + 1;
        } else {
          while (j < replacement.size() &&
                 (std::isalnum(static_cast<unsigned char>(replacement[j])) != 0 ||
                  replacement[j] == '_')) {
            ++j;
          }
          name = replacement.substr(i + 1, j - i - 1);
        }
        if (name.empty()) {
          out.push_back(c);
          continue;
        }
        int group = -1;
        if (name.find_first_not_of("0123456789") == std::string::npos) {
          group = name.size() < 9 ? std::stoi(name) : -1;
        } else if (auto it = named.find(name); it != named.end()) {
          group = it->second;
        }
        if (group >= 0 && group <= groups && match[static_cast<std::size_t>(group)].data()) {
          const re2::StringPiece& g = match[static_cast<std::size_t>(group)];
          out.append(g.data(), g.size());
        }
        i = j - 1;
      }
    }
    last_end = end;
    if (end > search) {
      search = end;
    } else {
      ++search;  // an empty match: move on (by a byte; UTF-8 lead bytes only matter for Unicode)
      while (search < text.size() && (static_cast<unsigned char>(text[search]) & 0xC0) == 0x80) {
        ++search;
      }
    }
  }
  if (last_end < text.size()) out.append(text, last_end, std::string::npos);
  return out;
}

enum class Order { kLess, kEqual, kGreater };

// Go's basic comparison; different kinds are an error as in text/template.
bool equal(const Value& a, const Value& b) {
  if (a.kind != b.kind) throw FunctionError("incompatible types for comparison");
  switch (a.kind) {
    case Value::Kind::kString:
      return a.string == b.string;
    case Value::Kind::kInt:
      return a.integer == b.integer;
    case Value::Kind::kFloat:
      return a.number == b.number;
    case Value::Kind::kBool:
      return a.boolean == b.boolean;
    case Value::Kind::kNil:
      return true;
    default:
      throw FunctionError("invalid type for comparison");
  }
}

bool less(const Value& a, const Value& b) {
  if (a.kind == Value::Kind::kBool || a.kind == Value::Kind::kMap || a.kind == Value::Kind::kData ||
      a.kind == Value::Kind::kNil) {
    throw FunctionError("invalid type for comparison");
  }
  if (a.kind != b.kind) throw FunctionError("incompatible types for comparison");
  switch (a.kind) {
    case Value::Kind::kString:
      return a.string < b.string;
    case Value::Kind::kInt:
      return a.integer < b.integer;
    default:
      return a.number < b.number;
  }
}

std::string sprint(const std::vector<Value>& args, bool line) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const bool is_string = args[i].kind == Value::Kind::kString;
    if (i > 0 && (line || (!is_string && args[i - 1].kind != Value::Kind::kString))) {
      out.push_back(' ');
    }
    out += print_value(args[i]);
  }
  if (line) out.push_back('\n');
  return out;
}

Value index(std::vector<Value>& args) {
  Value item = args[0];
  for (std::size_t i = 1; i < args.size(); ++i) {
    const Value& key = args[i];
    if (item.kind == Value::Kind::kMap) {
      if (key.kind != Value::Kind::kString) {
        throw FunctionError("value has type " + type_name(key) + "; should be string");
      }
      std::string found;
      if (item.map != nullptr) {
        for (const auto& [name, value] : *item.map) {
          if (name == key.string) found = value;
        }
      }
      item = Value::of_string(found);
    } else if (item.kind == Value::Kind::kString && key.kind == Value::Kind::kInt) {
      if (key.integer < 0 || key.integer >= static_cast<std::int64_t>(item.string.size())) {
        throw FunctionError("error calling index: index out of range: " +
                            std::to_string(key.integer));
      }
      item = Value::of_int(
          static_cast<unsigned char>(item.string[static_cast<std::size_t>(key.integer)]));
    } else {
      throw FunctionError("can't index item of type " + type_name(item));
    }
  }
  return item;
}

}  // namespace

bool is_template_function(const std::string& name) {
  return functions().count(name) != 0;
}

Arity function_arity(const std::string& name) {
  return functions().find(name)->second;
}

Value call_function(const std::string& name, std::vector<Value>& args) {
  if (name == "humanize") return Value::of_string(humanize(to_float(args[0])));
  if (name == "humanize1024") return Value::of_string(humanize1024(to_float(args[0])));
  if (name == "humanizeDuration") return Value::of_string(humanize_duration(to_float(args[0])));
  if (name == "humanizePercentage") {
    return Value::of_string(g4(to_float(args[0]) * 100) + "%");
  }
  if (name == "humanizeTimestamp") return Value::of_string(humanize_timestamp(to_float(args[0])));
  if (name == "printf") {
    const std::string format = want_string(args[0]);
    return Value::of_string(sprintf(format, std::vector<Value>(args.begin() + 1, args.end())));
  }
  if (name == "print") return Value::of_string(sprint(args, false));
  if (name == "println") return Value::of_string(sprint(args, true));
  if (name == "toUpper") return Value::of_string(to_case(want_string(args[0]), true));
  if (name == "toLower") return Value::of_string(to_case(want_string(args[0]), false));
  if (name == "title") return Value::of_string(title(want_string(args[0])));
  if (name == "safeHtml") return Value::of_string(want_string(args[0]));
  if (name == "stripPort") {
    const std::string& host = want_string(args[0]);
    const std::size_t colon = host.rfind(':');
    if (colon == std::string::npos) return Value::of_string(host);
    std::string h = host.substr(0, colon);
    if (h.size() >= 2 && h.front() == '[' && h.back() == ']') h = h.substr(1, h.size() - 2);
    if (h.find(':') != std::string::npos && host.front() != '[') return Value::of_string(host);
    return Value::of_string(h);
  }
  if (name == "reReplaceAll") {
    const auto re = compile(want_string(args[0]));
    return Value::of_string(replace_all(*re, want_string(args[1]), want_string(args[2])));
  }
  if (name == "match") {
    const auto re = compile(want_string(args[0]));
    return Value::of_bool(RE2::PartialMatch(want_string(args[1]), *re));
  }
  if (name == "eq") {
    if (args.size() < 2) throw FunctionError("missing argument for comparison");
    for (std::size_t i = 1; i < args.size(); ++i) {
      if (equal(args[0], args[i])) return Value::of_bool(true);
    }
    return Value::of_bool(false);
  }
  if (name == "ne") return Value::of_bool(!equal(args[0], args[1]));
  if (name == "lt") return Value::of_bool(less(args[0], args[1]));
  if (name == "le") return Value::of_bool(less(args[0], args[1]) || equal(args[0], args[1]));
  if (name == "gt") return Value::of_bool(!less(args[0], args[1]) && !equal(args[0], args[1]));
  if (name == "ge") return Value::of_bool(!less(args[0], args[1]));
  if (name == "and") {
    for (const Value& v : args) {
      if (!truth(v)) return v;
    }
    return args.back();
  }
  if (name == "or") {
    for (const Value& v : args) {
      if (truth(v)) return v;
    }
    return args.back();
  }
  if (name == "not") return Value::of_bool(!truth(args[0]));
  if (name == "len") {
    if (args[0].kind == Value::Kind::kString) {
      return Value::of_int(static_cast<std::int64_t>(args[0].string.size()));
    }
    if (args[0].kind == Value::Kind::kMap) {
      return Value::of_int(args[0].map ? static_cast<std::int64_t>(args[0].map->size()) : 0);
    }
    throw FunctionError("len of type " + type_name(args[0]));
  }
  if (name == "index") return index(args);
  throw FunctionError("function \"" + name + "\" not defined");
}

}  // namespace firedrill::tmpl
