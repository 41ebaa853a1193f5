// Go's strconv.Quote, as Prometheus prints strings and label values in
// messages and in label sets: a double-quoted literal with Go's escapes for
// quotes, backslashes and ASCII control characters. Other bytes (UTF-8) are
// kept as they are.
#pragma once

#include <string>
#include <string_view>

namespace firedrill::promql {

// "say \"hi\"\n" for  say "hi"<newline>.
std::string go_quote(std::string_view text);

}  // namespace firedrill::promql
