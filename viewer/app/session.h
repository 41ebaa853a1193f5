// One recording open in the viewer's window, and the window's switch to
// another: a file dropped on the window is opened in place, or explained in
// a dialog when it cannot be.
#pragma once

#include <future>
#include <memory>
#include <string>
#include <vector>

#include "viewer/app/frame.h"
#include "viewer/app/view_context.h"
#include "viewer/replay/replay.h"

namespace firedrill::viewer {

// A replay, what its panels share (cursor, selection, card) and the panels.
// The replay is shared with the score card's worker, which may outlive the
// session.
struct Session {
  explicit Session(std::shared_ptr<const Replay> r)
      : replay(std::move(r)), ctx(*replay), frame(*replay) {}
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  std::shared_ptr<const Replay> replay;
  ViewContext ctx;
  Frame frame;
};

// Starts computing the session's score card on a worker thread; nothing if
// `score` is empty or the replay has no scenario with an incident.
void start_card(Session& session, const ScoreCardSource& score);

// What the window has open, and what it says about opening another.
class Sessions {
 public:
  Sessions(std::shared_ptr<const Replay> first, ScoreCardSource score);

  Session& current() { return *current_; }

  // Opens the recording at `path` in place of the current one (the cursor
  // at the start, nothing selected, the hidden truth as it was). Returns
  // false, leaving the current one open, when it cannot be opened: the
  // dialog then says why.
  bool open(const std::string& path);

  // Draws the dialog, if there is one (inside an ImGui frame).
  void draw_dialog();

  // Whether a score card's worker is still running, for the current
  // recording or one opened before it. Forgets the finished workers of
  // recordings no longer open (and so their replays): call it every frame.
  bool computing();

 private:
  ScoreCardSource score_;
  std::unique_ptr<Session> current_;
  // The workers of recordings no longer open: a std::future waits for its
  // task when destroyed, so they are kept until done rather than block.
  std::vector<std::future<ScoreCard>> retired_;
  void show_dialog(std::string title, std::string text);

  std::string dialog_title_;  // empty: no dialog
  std::string dialog_text_;
  bool close_dialog_ = false;  // close it at the next draw
};

}  // namespace firedrill::viewer
