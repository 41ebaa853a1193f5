// `firedrill drill` as a trainee uses it: in a terminal (a detached tmux
// session of a fixed size), typing while the run goes on at x600. Waits for
// the page, acknowledges it, rolls checkout back, declares and resolves the
// incident, waits for the pager incident to resolve, quits; then checks the
// recording holds the actions and that replaying the action log gives the
// same bytes. Skipped (with a warning) where tmux is not installed.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "command_runner.h"
#include "sim/record/recording.h"

using namespace firedrill;
using namespace firedrill::testing;

namespace {

// Runs a shell command and returns its standard output.
std::string output_of(const std::string& command) {
  std::string out;
  if (std::FILE* pipe = ::popen(command.c_str(), "r")) {
    char buffer[4096];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
  }
  return out;
}

// A tmux server of the test's own (its socket in the scratch folder), so
// that it never touches the user's sessions; killed at the end.
class Tmux {
 public:
  Tmux(std::string tmux, const ScratchDir& dir)
      : tmux_(std::move(tmux)), socket_(dir.file("tmux.sock")) {}
  ~Tmux() { std::system((prefix() + " kill-server >/dev/null 2>&1").c_str()); }

  std::string prefix() const { return shell_quote(tmux_) + " -S " + shell_quote(socket_); }

  // Starts `command` in a detached 160x50 session.
  void start(const std::string& command) const {
    const std::string cmd =
        prefix() + " new-session -d -s drill -x 160 -y 50 " + shell_quote(command);
    REQUIRE(std::system(cmd.c_str()) == 0);
  }
  // The screen and its scrollback.
  std::string screen() const {
    return output_of(prefix() + " capture-pane -p -J -S -1000 -t drill 2>/dev/null");
  }
  // Types `text` and presses Enter.
  void type(const std::string& text) const {
    std::system((prefix() + " send-keys -t drill -l " + shell_quote(text)).c_str());
    std::system((prefix() + " send-keys -t drill Enter").c_str());
  }

 private:
  std::string tmux_;
  std::string socket_;
};

// Polls until the screen holds one of `wanted`, for up to `seconds`.
// Returns the screen (check it for what was wanted).
std::string wait_for(const Tmux& tmux, std::initializer_list<std::string> wanted, int seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  std::string screen;
  while (std::chrono::steady_clock::now() < deadline) {
    screen = tmux.screen();
    for (const std::string& w : wanted) {
      if (screen.find(w) != std::string::npos) return screen;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return screen;
}

bool has_action(const Recording& rec, const std::string& verb) {
  for (const RunEvent& e : rec.journal.events) {
    if (e.kind != "action") continue;
    std::string actor, v;
    for (const auto& [k, value] : e.attributes) {
      if (k == "actor") actor = value;
      if (k == "verb") v = value;
    }
    if (actor == "tester" && v == verb) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a drill in a terminal: page, ack, rollback, resolve, quit, and the log replays",
          "[cli][drill][tmux]") {
  const std::string tmux_path = find_on_path("tmux");
  if (tmux_path.empty()) {
    WARN("tmux is not on PATH: skipping the terminal drill test (scripts/setup installs it)");
    return;
  }
  ScratchDir dir;
  Tmux tmux(tmux_path, dir);
  const std::string scenario = source_path("scenarios/checkout-memory-leak");
  const auto started = std::chrono::steady_clock::now();
  // The exit status goes to a file; the pane stays open to be read.
  tmux.start("cd " + shell_quote(dir.path().string()) + " && " + shell_quote(FIREDRILL_EXE) +
             " drill " + shell_quote(scenario) + " --speed 600 --name tester --out " +
             shell_quote(dir.file("d.fdrec")) + "; echo $? > exit-status; sleep 600");

  // The crash loop pages the payments on-call at 09:40:30 (4 s of wall time at x600).
  std::string screen = wait_for(tmux, {"PAGE #"}, 180);
  INFO(screen);
  const std::size_t page = screen.find("PAGE #");
  REQUIRE(page != std::string::npos);
  const std::string incident = screen.substr(page + 6, screen.find(' ', page + 6) - page - 6);
  REQUIRE(!incident.empty());
  const double page_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  tmux.type("ack " + incident);
  screen = wait_for(tmux, {"ok: acknowledged incident #" + incident, "refused: ack"}, 60);
  CHECK_THAT(screen, Catch::Contains("ok: acknowledged incident #" + incident));

  tmux.type("mitigate rollback checkout");
  screen = wait_for(tmux, {"ok: started: rollback checkout", "refused: mitigate"}, 60);
  CHECK_THAT(screen, Catch::Contains("ok: started: rollback checkout"));

  tmux.type("declare \"checkout OOM\"");
  screen = wait_for(tmux, {"ok: declared \"checkout OOM\"", "refused: declare"}, 60);
  CHECK_THAT(screen, Catch::Contains("ok: declared \"checkout OOM\""));

  tmux.type("resolve");
  screen = wait_for(tmux, {"ok: incident resolved", "refused: resolve"}, 60);
  CHECK_THAT(screen, Catch::Contains("ok: incident resolved"));

  // The rollback ends the leak; the crash-loop alert resolves, Alertmanager
  // sends the resolved notification and the pager resolves the incident.
  screen = wait_for(tmux, {"RESOLVED #" + incident + " ", "Drill over:"}, 300);
  CHECK_THAT(screen, Catch::Contains("RESOLVED #" + incident + " payments by alertmanager"));
  const double resolved_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (screen.find("Drill over:") == std::string::npos) tmux.type("quit");
  screen = wait_for(tmux, {"Replay:"}, 120);
  CHECK_THAT(screen, Catch::Contains("Drill over:"));
  CHECK_THAT(screen, Catch::Contains("Actions: 4 (4 applied, 0 refused)"));
  // Every event shown had its clock time; no ground truth.
  CHECK_THAT(screen, !Catch::Contains("fault"));

  // The exit status, once the process has finished writing.
  std::string status;
  for (int i = 0; i < 300 && status.empty(); ++i) {
    status = read_file(dir.file("exit-status"));
    if (status.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  CHECK(status == "0\n");
  WARN("terminal drill: page after " << page_seconds << "s, pager resolved after "
                                     << resolved_seconds << "s of wall time");

  const Recording rec = read_recording(dir.file("d.fdrec"));
  CHECK(rec.status == RunStatus::kComplete);
  CHECK(has_action(rec, "ack"));
  CHECK(has_action(rec, "mitigate"));
  CHECK(has_action(rec, "declare"));
  CHECK(has_action(rec, "resolve"));

  const CommandResult replay = run_firedrill(
      "run --no-score '" + scenario + "' --actions d.actions --out replay.fdrec", dir);
  INFO(replay.err);
  REQUIRE(replay.exit_code == 0);
  CHECK(read_file(dir.file("d.fdrec")) == read_file(dir.file("replay.fdrec")));
}
