#include "sim/promql/regex.h"

#include <re2/re2.h>

#include <map>

namespace firedrill::promql {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// A reference after '$' in a replacement, as Go's regexp.Expand reads it:
// `name` or `{name}`. `number` is -1 for a name that is not a group number.
struct GroupReference {
  std::string name;
  int number = -1;
  std::size_t length = 0;  // characters after the '$'; 0 if malformed
};

GroupReference read_group_reference(std::string_view rest) {
  GroupReference ref;
  bool brace = !rest.empty() && rest[0] == '{';
  std::size_t i = brace ? 1 : 0;
  const std::size_t name_begin = i;
  while (i < rest.size() && is_name_char(rest[i])) ++i;
  if (i == name_begin) return ref;
  ref.name = std::string(rest.substr(name_begin, i - name_begin));
  if (brace) {
    if (i >= rest.size() || rest[i] != '}') return ref;
    ++i;
  }
  ref.length = i;
  int number = 0;
  for (char c : ref.name) {
    if (c < '0' || c > '9' || number >= 100000000) {
      number = -1;
      break;
    }
    number = number * 10 + (c - '0');
  }
  if (ref.name.size() > 1 && ref.name[0] == '0') number = -1;
  ref.number = number;
  return ref;
}

// How Go's regexp/syntax words each error (Prometheus prints Go's).
std::string_view go_error_text(RE2::ErrorCode code) {
  switch (code) {
    case RE2::ErrorBadEscape:
      return "invalid escape sequence";
    case RE2::ErrorBadCharClass:
      return "invalid character class";
    case RE2::ErrorBadCharRange:
      return "invalid character class range";
    case RE2::ErrorMissingBracket:
      return "missing closing ]";
    case RE2::ErrorMissingParen:
      return "missing closing )";
    case RE2::ErrorUnexpectedParen:
      return "unexpected )";
    case RE2::ErrorTrailingBackslash:
      return "trailing backslash at end of expression";
    case RE2::ErrorRepeatArgument:
      return "missing argument to repetition operator";
    case RE2::ErrorRepeatSize:
      return "invalid repeat count";
    case RE2::ErrorRepeatOp:
      return "invalid nested repetition operator";
    case RE2::ErrorBadPerlOp:
      return "invalid or unsupported Perl syntax";
    case RE2::ErrorBadUTF8:
      return "invalid UTF-8";
    case RE2::ErrorBadNamedCapture:
      return "invalid named capture";
    case RE2::ErrorPatternTooLarge:
      return "expression too large";
    default:
      return "internal error";
  }
}

}  // namespace

struct Regex::Impl {
  explicit Impl(const std::string& anchored, const RE2::Options& options) : re(anchored, options) {}
  RE2 re;
};

std::unique_ptr<Regex> Regex::compile(std::string_view pattern, std::string& error) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_posix_syntax(false);
  options.set_longest_match(false);
  options.set_log_errors(false);
  options.set_dot_nl(false);
  const std::string anchored = "^(?:" + std::string(pattern) + ")$";
  auto impl = std::make_unique<Impl>(anchored, options);
  if (!impl->re.ok()) {
    error = std::string(go_error_text(impl->re.error_code())) + ": `" + impl->re.error_arg() + "`";
    return nullptr;
  }
  return std::unique_ptr<Regex>(new Regex(std::string(pattern), std::move(impl)));
}

Regex::Regex(std::string pattern, std::unique_ptr<Impl> impl)
    : pattern_(std::move(pattern)), impl_(std::move(impl)) {}

Regex::~Regex() = default;

bool Regex::full_match(std::string_view text) const {
  return RE2::FullMatch(re2::StringPiece(text.data(), text.size()), impl_->re);
}

bool Regex::replace(std::string_view text, std::string_view replacement, std::string& out) const {
  const RE2& re = impl_->re;
  const int groups = re.NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> match(static_cast<std::size_t>(groups));
  if (!re.Match(re2::StringPiece(text.data(), text.size()), 0, text.size(), RE2::ANCHOR_BOTH,
                match.data(), groups)) {
    return false;
  }
  const std::map<std::string, int>& named = re.NamedCapturingGroups();
  auto group_text = [&](int index) -> std::string_view {
    if (index < 0 || index >= groups || match[static_cast<std::size_t>(index)].data() == nullptr) {
      return {};
    }
    const re2::StringPiece& piece = match[static_cast<std::size_t>(index)];
    return std::string_view(piece.data(), piece.size());
  };
  out.clear();
  std::size_t i = 0;
  while (i < replacement.size()) {
    const std::size_t dollar = replacement.find('$', i);
    if (dollar == std::string_view::npos) break;
    out.append(replacement.substr(i, dollar - i));
    i = dollar + 1;
    if (i < replacement.size() && replacement[i] == '$') {
      out += '$';
      ++i;
      continue;
    }
    const GroupReference ref = read_group_reference(replacement.substr(i));
    if (ref.length == 0) {
      out += '$';  // malformed: the '$' is plain text
      continue;
    }
    i += ref.length;
    if (ref.number >= 0) {
      out.append(group_text(ref.number));
    } else if (auto it = named.find(ref.name); it != named.end()) {
      out.append(group_text(it->second));
    }
  }
  if (i < replacement.size()) out.append(replacement.substr(i));
  return true;
}

}  // namespace firedrill::promql
