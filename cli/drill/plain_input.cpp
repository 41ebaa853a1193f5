// Lines from a pipe or a file: read what is there, split at newlines.
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "cli/drill/line_input.h"

namespace firedrill::cli::drill {
namespace {

class PlainInput : public LineInput {
 public:
  int fd() const override { return STDIN_FILENO; }

  bool read(std::vector<std::string>& lines) override {
    char buffer[4096];
    const ssize_t n = ::read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
    if (n <= 0) {
      if (!pending_.empty()) lines.push_back(std::move(pending_));
      pending_.clear();
      return false;
    }
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buffer[i];
      if (c == '\n') {
        if (!pending_.empty() && pending_.back() == '\r') pending_.pop_back();
        lines.push_back(std::move(pending_));
        pending_.clear();
      } else {
        pending_ += c;
      }
    }
    return true;
  }

  void print(std::string_view text) override {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
  }

  void set_prompt(const std::string&) override {}
  void refresh() override {}
  void show_prompt() override {}
  void discard_line() override {}
  void suspend() override {}
  void resized() override {}
  void close() override { std::fflush(stdout); }
  bool interactive() const override { return false; }

 private:
  std::string pending_;
};

}  // namespace

std::unique_ptr<LineInput> make_plain_input() {
  return std::make_unique<PlainInput>();
}

}  // namespace firedrill::cli::drill
