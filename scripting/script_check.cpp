// Turning a script's error into a validation problem at its file and line,
// for check_fault_script and check_responder_script.
#include <cctype>
#include <charconv>
#include <filesystem>

#include "scripting/script_host.h"

namespace firedrill::scripting {

Diagnostic diagnose_script_error(const ScriptSource& script, const std::string& error) {
  // Messages name the script as the user can open it: beside the scenario file.
  const std::string shown =
      (std::filesystem::path(script.where.file).parent_path() / script.path).string();
  // "faults.lua:12: message\n  in ...\nstack traceback: ..." -> file:line: message
  const std::string first = error.substr(0, error.find('\n'));
  const std::string prefix = script.path + ":";
  if (first.rfind(prefix, 0) == 0) {
    std::size_t end = prefix.size();
    while (end < first.size() && std::isdigit(static_cast<unsigned char>(first[end]))) ++end;
    int line = 0;
    const auto [ptr, ec] = std::from_chars(first.data() + prefix.size(), first.data() + end, line);
    if (ec == std::errc() && ptr == first.data() + end && end > prefix.size() &&
        first.compare(end, 2, ": ") == 0) {
      return Diagnostic{SourceLocation{shown, line, 0}, first.substr(end + 2)};
    }
  }
  return Diagnostic{SourceLocation{shown, 0, 0}, first};
}

}  // namespace firedrill::scripting
