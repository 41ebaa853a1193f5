// Regular expressions with Prometheus' semantics: RE2 syntax (as Go's regexp),
// always anchored at both ends, as label matchers and label_replace use them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill::promql {

class Regex {
 public:
  // Compiles `pattern` as ^(?:pattern)$. On a syntax error returns null and
  // sets `error` to RE2's description.
  static std::unique_ptr<Regex> compile(std::string_view pattern, std::string& error);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Whether the whole of `text` matches.
  bool full_match(std::string_view text) const;
  // For label_replace: on a full match, expands $1, ${name} in `replacement`
  // into `out` and returns true.
  bool replace(std::string_view text, std::string_view replacement, std::string& out) const;

  const std::string& pattern() const { return pattern_; }

 private:
  struct Impl;
  Regex(std::string pattern, std::unique_ptr<Impl> impl);
  std::string pattern_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace firedrill::promql
