#include "sim/base/number_text.h"

#include <charconv>

namespace firedrill {

NumberPrefix read_number_prefix(std::string_view text) {
  NumberPrefix out;
  const char* begin = text.data();
  const char* end = begin + text.size();
  // from_chars does not accept a leading '+'; nobody writes one in a duration.
  auto [ptr, ec] = std::from_chars(begin, end, out.value, std::chars_format::fixed);
  if (ec != std::errc()) return {};
  out.length = static_cast<std::size_t>(ptr - begin);
  return out;
}

}  // namespace firedrill
