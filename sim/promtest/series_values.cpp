#include "sim/promtest/series_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "sim/metrics/metric_store.h"
#include "sim/promql/parser.h"

namespace firedrill::promtest {
namespace {

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Reads items of one blank-free word, left to right.
class ItemScanner {
 public:
  ItemScanner(std::string_view item, int offset) : item_(item), offset_(offset) {}

  bool at_end() const { return pos_ == item_.size(); }
  bool accept(char c) {
    if (pos_ < item_.size() && item_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // An unsigned number: decimal digits with an optional fraction and
  // exponent, or Inf / NaN.
  double number() {
    const std::size_t begin = pos_;
    if (word_ahead("inf")) return std::numeric_limits<double>::infinity();
    if (word_ahead("nan")) return std::numeric_limits<double>::quiet_NaN();
    while (pos_ < item_.size() && (digit(pos_) || item_[pos_] == '.')) ++pos_;
    if (pos_ == begin) fail("expected a number");
    if (pos_ < item_.size() && (item_[pos_] == 'e' || item_[pos_] == 'E')) {
      std::size_t p = pos_ + 1;
      if (p < item_.size() && (item_[p] == '+' || item_[p] == '-')) ++p;
      if (p < item_.size() && digit(p)) {
        pos_ = p;
        while (pos_ < item_.size() && digit(pos_)) ++pos_;
      }
    }
    const std::string text(item_.substr(begin, pos_ - begin));
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) fail("invalid number");
    return value;
  }

  // A repetition count after 'x'.
  std::uint64_t count() {
    const std::size_t begin = pos_;
    while (pos_ < item_.size() && digit(pos_)) ++pos_;
    if (pos_ == begin) fail("expected a repetition count after 'x'");
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(item_.data() + begin, item_.data() + pos_, n);
    if (ec != std::errc() || n > kMaxCount) fail("repetition count too large");
    return n;
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw promql::ParseError(what + " in series values item '" + std::string(item_) + "'", offset_);
  }

 private:
  static constexpr std::uint64_t kMaxCount = kMaxSeriesValues;

  bool digit(std::size_t p) const { return item_[p] >= '0' && item_[p] <= '9'; }
  bool word_ahead(std::string_view word) {
    if (item_.size() - pos_ < word.size()) return false;
    if (!equals_ignoring_case(item_.substr(pos_, word.size()), word)) return false;
    pos_ += word.size();
    return true;
  }

  std::string_view item_;
  int offset_;
  std::size_t pos_ = 0;
};

double signed_number(ItemScanner& scan) {
  if (scan.accept('-')) return -scan.number();
  scan.accept('+');
  return scan.number();
}

void expand_item(std::string_view item, int offset, std::vector<SeriesValue>& out) {
  ItemScanner scan(item, offset);
  if (item == "stale") {
    out.push_back({false, stale_marker()});
    return;
  }
  if (scan.accept('_')) {
    std::uint64_t times = 1;
    if (scan.accept('x')) times = scan.count();
    if (!scan.at_end()) scan.fail("unexpected text after '_'");
    out.insert(out.end(), times, SeriesValue{true, 0});
    return;
  }
  double value = signed_number(scan);
  if (scan.at_end()) {
    out.push_back({false, value});
    return;
  }
  double step = 0;
  if (!scan.accept('x')) {
    if (scan.accept('+')) {
      step = scan.number();
    } else if (scan.accept('-')) {
      step = -scan.number();
    } else {
      scan.fail("unexpected character");
    }
    if (!scan.accept('x')) scan.fail("expected 'x' and a count after the increment");
  }
  const std::uint64_t times = scan.count();
  if (!scan.at_end()) scan.fail("unexpected text after the count");
  out.push_back({false, value});
  for (std::uint64_t i = 0; i < times; ++i) {
    value += step;
    out.push_back({false, value});
  }
}

// How many values `item` expands to, or 0 if it is malformed (expand_item
// then reports it).
std::uint64_t item_size(std::string_view item) {
  const std::size_t x = item.rfind('x');
  if (x == std::string_view::npos) return 1;
  std::uint64_t n = 0;
  const auto [end, ec] = std::from_chars(item.data() + x + 1, item.data() + item.size(), n);
  if (ec != std::errc() || end != item.data() + item.size()) return 0;
  return item[0] == '_' ? n : n + 1;
}

}  // namespace

std::vector<SeriesValue> expand_series_values(std::string_view text, std::size_t budget) {
  budget = std::min<std::size_t>(budget, kMaxSeriesValues);
  std::vector<SeriesValue> values;
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (std::isspace(static_cast<unsigned char>(text[pos]))) {
      ++pos;
      continue;
    }
    const std::size_t begin = pos;
    while (pos < text.size() && !std::isspace(static_cast<unsigned char>(text[pos]))) ++pos;
    const std::string_view item = text.substr(begin, pos - begin);
    // Counted before expanding: one item may hold kMaxSeriesValues.
    ItemScanner counter(item, static_cast<int>(begin));
    if (values.size() + item_size(item) > budget) {
      counter.fail("too many values: a unit-test file may hold at most " +
                   std::to_string(kMaxSeriesValues) + " in all");
    }
    expand_item(item, static_cast<int>(begin), values);
  }
  return values;
}

}  // namespace firedrill::promtest
