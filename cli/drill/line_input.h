// Where the drill console's commands come from, and how its output gets past
// the line being typed. Two kinds:
//
//   an editor (libedit, BSD-licensed, through its readline-compatible
//   callback interface): history, Tab completion, and output printed above
//   the prompt, which is then redrawn with the partial input, so that events
//   arriving while a trainee types never garble the line;
//
//   plain lines from a pipe or file (stdin is not a terminal): no editing,
//   no prompt, so that tests and scripts can pipe commands in.
//
// The console polls fd() together with its pacing timer and calls read()
// only when input is ready, so reading never holds the simulation up.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace firedrill::cli::drill {

class LineInput {
 public:
  virtual ~LineInput() = default;

  // The descriptor to poll for input.
  virtual int fd() const = 0;
  // Reads what is ready (without blocking); appends each line completed to
  // `lines`. Returns false at the end of input (Ctrl-D on an empty line, or
  // the end of the pipe), after appending any last line.
  virtual bool read(std::vector<std::string>& lines) = 0;
  // Writes `text` (whole lines, each ending in a newline) above the line
  // being typed, then redraws the prompt and the partial input.
  virtual void print(std::string_view text) = 0;
  // The prompt to show from now on: drawn with the next print() or
  // refresh(), or when the prompt is next shown.
  virtual void set_prompt(const std::string& prompt) = 0;
  // Redraws the prompt if set_prompt changed it.
  virtual void refresh() = 0;
  // Shows the prompt, if not shown (once a line was entered and handled).
  virtual void show_prompt() = 0;
  // Ctrl-C: drops the line being typed.
  virtual void discard_line() = 0;
  // Before the process stops (Ctrl-Z): gives the terminal back.
  virtual void suspend() = 0;
  // The terminal was resized.
  virtual void resized() = 0;
  // At the end: clears the prompt and gives the terminal back.
  virtual void close() = 0;
  // Whether lines are typed by a person (an editor) rather than piped in.
  virtual bool interactive() const = 0;
};

// Tab completion: the candidates for the word being typed at the end of
// the text before the cursor.
using Completer = std::function<std::vector<std::string>(std::string_view before_cursor)>;

// The libedit line editor on stdin/stdout (both must be terminals). Only one
// may exist at a time.
std::unique_ptr<LineInput> make_editor_input(Completer completer);
// Plain lines from stdin, output to stdout.
std::unique_ptr<LineInput> make_plain_input();

}  // namespace firedrill::cli::drill
