// Runs the firedrill executable as a user would, in a scratch folder, and
// captures its exit status and output.
#pragma once

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/scratch_dir.h"

namespace firedrill::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `firedrill ARGS` with the working directory `cwd`. ARGS is passed to
// the shell as written (quote paths with spaces).
inline CommandResult run_firedrill(const std::string& args, const ScratchDir& cwd) {
  const std::string out = cwd.file(".stdout"), err = cwd.file(".stderr");
  const std::string command = "cd '" + cwd.path().string() + "' && '" FIREDRILL_EXE "' " + args +
                              " >'" + out + "' 2>'" + err + "'";
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
}

// Absolute path of a file in the source tree.
inline std::string source_path(const std::string& relative) {
  return std::string(FIREDRILL_SOURCE_DIR) + "/" + relative;
}

}  // namespace firedrill::testing
