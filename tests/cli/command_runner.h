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

// `text` quoted for the shell: 'text', with embedded quotes escaped.
inline std::string shell_quote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

// Absolute path of a program on PATH (a peer tool: promtool, amtool), or ""
// if there is none.
inline std::string find_on_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::filesystem::path candidate =
        std::filesystem::path(dir.empty() ? "." : dir) / program;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate.string();
  }
  return "";
}

// Runs `PROGRAM ARGS` in `cwd` (ARGS as the shell reads them), capturing
// its exit status and output.
inline CommandResult run_program(const std::string& program, const std::string& args,
                                 const ScratchDir& cwd) {
  const std::string out = cwd.file(".tool.stdout"), err = cwd.file(".tool.stderr");
  const std::string command = "cd " + shell_quote(cwd.path().string()) + " && " +
                              shell_quote(program) + " " + args + " >" + shell_quote(out) + " 2>" +
                              shell_quote(err);
  const int status = std::system(command.c_str());
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  return result;
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
