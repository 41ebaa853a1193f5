// The values alert templates compute with, Go-typed (float64, int, string,
// bool, map[string]string), and the functions they call. Internal to
// sim/alerting: shared by template_exec.cpp and template_functions.cpp.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/alerting/template.h"

namespace firedrill::tmpl {

struct Value {
  enum class Kind { kNil, kString, kInt, kFloat, kBool, kMap, kData };
  Kind kind = Kind::kNil;
  std::string string;
  std::int64_t integer = 0;
  double number = 0;
  bool boolean = false;
  const Labels* map = nullptr;         // kMap (null: empty)
  const TemplateData* data = nullptr;  // kData: the template's dot

  static Value of_string(std::string s) {
    Value v;
    v.kind = Kind::kString;
    v.string = std::move(s);
    return v;
  }
  static Value of_float(double d) {
    Value v;
    v.kind = Kind::kFloat;
    v.number = d;
    return v;
  }
  static Value of_int(std::int64_t i) {
    Value v;
    v.kind = Kind::kInt;
    v.integer = i;
    return v;
  }
  static Value of_bool(bool b) {
    Value v;
    v.kind = Kind::kBool;
    v.boolean = b;
    return v;
  }
  static Value of_map(const Labels* m) {
    Value v;
    v.kind = Kind::kMap;
    v.map = m;
    return v;
  }
};

// A function's complaint; the executor adds "error calling <name>: ".
class FunctionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// An argument of the wrong type; printed as is ("wrong type for value; ...").
class ArgumentError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Go's %T: "float64", "int", "string", "bool", "map[string]string".
std::string type_name(const Value& v);
// Go's fmt.Sprint of one value.
std::string print_value(const Value& v);
// Go template truth: false, 0, "", nil and empty maps are false.
bool truth(const Value& v);
// Go's fmt.Sprintf with the verbs templates use (%s %d %f %e %g %v %q %x %t %%).
std::string sprintf(std::string_view format, const std::vector<Value>& args);

// How many arguments function `name` takes; max -1: any number.
struct Arity {
  int min = 0;
  int max = 0;
};
Arity function_arity(const std::string& name);

// Calls template function `name` (is_template_function(name) holds) with
// a number of arguments within its arity. Throws FunctionError, ArgumentError.
Value call_function(const std::string& name, std::vector<Value>& args);

}  // namespace firedrill::tmpl
