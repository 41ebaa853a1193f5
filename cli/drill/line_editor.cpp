// The interactive line editor: libedit's readline-compatible callback
// interface (rl_callback_handler_install / rl_callback_read_char), driven by
// the console's poll() loop.
//
// libedit specifics this relies on (libedit 3.1, readline.c):
//  - in callback mode each rl_callback_read_char() reads one character;
//    when a line is complete libedit leaves raw mode and calls the handler,
//    and the next install (done at once) puts the terminal back in raw mode
//    and draws a fresh, empty prompt line;
//  - rl_forced_update_display() redraws prompt and input at once from the
//    cursor's row (rl_redisplay() would push a ^R, which libedit binds to
//    an incremental search, so it is not used);
//  - Ctrl-D on an empty line calls the handler with NULL.
// Output goes above the prompt: move to the prompt's first row, clear to
// the end of the screen, write, redraw. Plain ANSI (CR, CUU, ED), which
// tmux, screen and every SSH terminal understand.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <editline/readline.h>  // libedit's readline-compatible API

#include "cli/drill/line_input.h"
#include "cli/drill/style.h"

namespace firedrill::cli::drill {
namespace {

class EditorInput;
EditorInput* g_editor = nullptr;  // libedit's callbacks are plain functions

// The completion candidates of the current Tab, handed out one by one.
std::vector<std::string> g_candidates;
std::size_t g_next_candidate = 0;

char* next_candidate(const char*, int state) {
  if (state == 0) g_next_candidate = 0;
  if (g_next_candidate >= g_candidates.size()) return nullptr;
  return strdup(g_candidates[g_next_candidate++].c_str());
}

class EditorInput : public LineInput {
 public:
  explicit EditorInput(Completer completer) : completer_(std::move(completer)) {
    g_editor = this;
    // The console handles signals itself (signals.h); libedit's handlers
    // would re-raise them to the whole process group.
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_readline_name = "firedrill";
    rl_basic_word_break_characters = " \t\n";
    rl_attempted_completion_function = &complete;
    rl_initialize();
    using_history();
    // ^R as a prefix search of the history: libedit's incremental search
    // reads keys itself until it ends, which would stop the clock.
    rl_parse_and_bind("bind ^R ed-search-prev-history");
  }

  ~EditorInput() override {
    close();
    g_editor = nullptr;
  }

  int fd() const override { return STDIN_FILENO; }

  bool read(std::vector<std::string>& lines) override {
    show_prompt();
    // One character per call; go on while more is ready (a paste), up to
    // the end of a line so that each line is handled before the next.
    for (int i = 0; i < 4096; ++i) {
      rl_callback_read_char();
      fresh_ = false;  // rl_point is libedit's again
      if (line_done_) {
        line_done_ = false;
        shown_ = false;
        if (eof_) return false;
        if (!line_.empty()) add_history(line_.c_str());
        lines.push_back(std::move(line_));
        line_.clear();
        // libedit left raw mode for the line: back at once, so that keys
        // typed while the line is handled are not echoed by the terminal.
        // Its output goes above the new prompt.
        show_prompt();
        return true;
      }
      pollfd p{STDIN_FILENO, POLLIN, 0};
      if (poll(&p, 1, 0) <= 0 || (p.revents & POLLIN) == 0) break;
    }
    return true;
  }

  void print(std::string_view text) override {
    if (!shown_) {
      write(text, false);
      return;
    }
    erase_prompt();  // measured with the prompt on screen
    write(text, true);
    if (wanted_prompt_ != prompt_) {
      prompt_ = wanted_prompt_;
      rl_set_prompt(prompt_.c_str());
    }
    rl_forced_update_display();
  }

  void set_prompt(const std::string& prompt) override { wanted_prompt_ = prompt; }

  void refresh() override {
    if (shown_ && wanted_prompt_ != prompt_) print("");
  }

  void show_prompt() override {
    if (shown_) return;
    shown_ = true;
    prompt_ = wanted_prompt_;
    rl_callback_handler_install(prompt_.c_str(), &on_line);
    // The new line is empty, but libedit updates rl_point only after the
    // next key: until then it still holds the previous line's.
    fresh_ = true;
  }

  void discard_line() override {
    if (!shown_) return;
    write("^C\n", true);
    // A new install starts an empty line (libedit cannot empty one).
    rl_callback_handler_remove();
    shown_ = false;
    show_prompt();
  }

  void suspend() override {
    if (!shown_) return;
    erase_prompt();
    rl_callback_handler_remove();
    shown_ = false;
  }

  void resized() override {
    rl_resize_terminal();
    if (shown_) print("");
  }

  void close() override {
    if (!shown_) return;
    erase_prompt();
    std::fflush(stdout);
    rl_callback_handler_remove();
    shown_ = false;
  }

  bool interactive() const override { return true; }

 private:
  static void on_line(char* line) {
    EditorInput& self = *g_editor;
    self.line_done_ = true;
    self.eof_ = line == nullptr;
    if (line != nullptr) {
      self.line_ = line;
      std::free(line);
    }
  }

  static char** complete(const char* text, int, int end) {
    rl_attempted_completion_over = 1;  // never fall back to file names
    if (g_editor == nullptr || !g_editor->completer_) return nullptr;
    const std::string before(rl_line_buffer, static_cast<std::size_t>(std::max(end, 0)));
    g_candidates = g_editor->completer_(before);
    if (g_candidates.empty()) return nullptr;
    return rl_completion_matches(text, &next_candidate);
  }

  // Moves to the first row of the prompt and clears from there down.
  void erase_prompt() {
    int cols = 0;
    rl_get_screen_size(nullptr, &cols);
    const std::size_t point = fresh_ ? 0 : static_cast<std::size_t>(std::max(rl_point, 0));
    const std::size_t column =
        display_width(prompt_) + display_width(std::string_view(rl_line_buffer, point));
    const std::size_t rows_up = cols > 0 ? column / static_cast<std::size_t>(cols) : 0;
    std::string seq = "\r";
    if (rows_up > 0) seq += "\033[" + std::to_string(rows_up) + "A";
    seq += "\033[J";
    std::fputs(seq.c_str(), stdout);
  }

  // Raw mode may have output post-processing off: CR LF for each newline.
  static void write(std::string_view text, bool raw) {
    std::string out;
    out.reserve(text.size() + 16);
    for (char c : text) {
      if (c == '\n' && raw) out += '\r';
      out += c;
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
  }

  Completer completer_;
  std::string prompt_ = "> ";         // on screen
  std::string wanted_prompt_ = "> ";  // to draw next
  bool shown_ = false;
  bool fresh_ = false;  // shown, and no key read since
  bool line_done_ = false;
  bool eof_ = false;
  std::string line_;
};

}  // namespace

std::unique_ptr<LineInput> make_editor_input(Completer completer) {
  return std::make_unique<EditorInput>(std::move(completer));
}

}  // namespace firedrill::cli::drill
