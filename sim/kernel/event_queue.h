// The pending-event set of the discrete-event kernel.
//
// Order: events run by increasing time; events at the same time run in the
// order they were scheduled (a sequence number assigned by push). This order
// is part of the model's contract: it makes every run reproducible.
//
// An event is a 32-byte value (no pointers, no closures): a kind and two
// integers that the model interprets. The queue is a 4-ary min-heap in one
// vector, so scheduling allocates nothing once the vector has grown to the
// run's peak number of pending events.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/base/time.h"

namespace firedrill {

// One scheduled event. The meaning of kind, target and payload belongs to
// whoever scheduled it.
struct Event {
  SimTime time;
  std::uint64_t seq;      // scheduling order, unique per queue
  std::uint32_t kind;     // what happens
  std::uint32_t target;   // to whom (an index)
  std::uint64_t payload;  // with what (often a handle with a generation)
};
static_assert(sizeof(Event) == 32);

// Min-heap of events ordered by (time, seq).
class EventQueue {
 public:
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // Events scheduled over the queue's life (the next sequence number).
  std::uint64_t scheduled() const { return next_seq_; }
  void reserve(std::size_t n) { heap_.reserve(n); }

  // Schedules an event; it gets the next sequence number.
  void push(SimTime time, std::uint32_t kind, std::uint32_t target, std::uint64_t payload) {
    heap_.push_back(Event{time, next_seq_++, kind, target, payload});
    sift_up(heap_.size() - 1);
  }

  // The earliest event. The queue must not be empty.
  const Event& top() const {
    assert(!heap_.empty());
    return heap_.front();
  }

  // Removes the earliest event and schedules a new one (it gets the next
  // sequence number): pop then push in a single sift. The queue must not be
  // empty.
  void replace_top(SimTime time, std::uint32_t kind, std::uint32_t target, std::uint64_t payload) {
    assert(!heap_.empty());
    sift_down(Event{time, next_seq_++, kind, target, payload});
  }

  // Removes and returns the earliest event. The queue must not be empty.
  Event pop() {
    assert(!heap_.empty());
    Event out = heap_.front();
    Event last = heap_.back();
    heap_.pop_back();
    if (!heap_.empty()) sift_down(last);
    return out;
  }

 private:
  static constexpr std::size_t kArity = 4;

  // (time, seq) compared as one signed 128-bit number, time * 2^64 + seq, so
  // that a comparison is a cmp/sbb pair and never a branch: which of two
  // events comes first is a coin flip inside the heap, and mispredicted
  // branches were most of its cost.
  __extension__ using Key = __int128;
  static Key key(const Event& e) { return (static_cast<Key>(e.time) << 64) | e.seq; }
  static bool before(const Event& a, const Event& b) { return key(a) < key(b); }

  void sift_up(std::size_t i) {
    Event moving = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / kArity;
      if (!before(moving, heap_[parent])) break;
      heap_[i] = heap_[parent];
      i = parent;
    }
    heap_[i] = moving;
  }

  // Places `moving` starting from the root hole. The smallest of four
  // children is found by a fixed tournament (two independent comparisons, then
  // one), which compiles to conditional moves; only the one node with fewer
  // than four children takes the loop.
  void sift_down(const Event& moving) {
    static_assert(kArity == 4, "the tournament below compares exactly four children");
    const std::size_t n = heap_.size();
    std::size_t i = 0;
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best;
      if (first + kArity <= n) {
        const std::size_t a = first + (before(heap_[first + 1], heap_[first]) ? 1 : 0);
        const std::size_t b = first + 2 + (before(heap_[first + 3], heap_[first + 2]) ? 1 : 0);
        best = before(heap_[b], heap_[a]) ? b : a;
      } else {
        best = first;
        for (std::size_t c = first + 1; c < n; ++c) {
          if (before(heap_[c], heap_[best])) best = c;
        }
      }
      if (!before(heap_[best], moving)) break;
      heap_[i] = heap_[best];
      i = best;
    }
    heap_[i] = moving;
  }

  std::vector<Event> heap_;
  std::uint64_t next_seq_ = 0;
};

// The event loop: a clock and an EventQueue. Time never goes backwards.
class Kernel {
 public:
  SimTime now() const { return now_; }
  std::size_t pending() const { return queue_.size() - (handled_at_root_ ? 1 : 0); }
  // Events executed so far.
  std::uint64_t executed() const { return executed_; }
  void reserve(std::size_t n) { queue_.reserve(n); }

  // Schedules an event at absolute time `time` (>= now()).
  void schedule_at(SimTime time, std::uint32_t kind, std::uint32_t target,
                   std::uint64_t payload = 0) {
    assert(time >= now_);
    if (handled_at_root_) {
      handled_at_root_ = false;
      queue_.replace_top(time, kind, target, payload);
    } else {
      queue_.push(time, kind, target, payload);
    }
  }
  // Schedules an event `delay` (>= 0) after now().
  void schedule_after(SimTime delay, std::uint32_t kind, std::uint32_t target,
                      std::uint64_t payload = 0) {
    schedule_at(now_ + delay, kind, target, payload);
  }

  // Runs every event with time <= end, in (time, seq) order, calling
  // handle(const Event&) for each with now() set to its time. Events that
  // handle schedules at or before `end` run in the same call. Afterwards
  // now() == end (unless end is kForever and the queue ran dry).
  //
  // `at_instant_end()` (returning bool) is called whenever every event at
  // now() has run and the clock is about to move on, or the call is about
  // to return; when it returns true it may have scheduled events at now(),
  // which run next, and it is called again.
  template <class Handler, class InstantEnd>
  void run_until(SimTime end, Handler&& handle, InstantEnd&& at_instant_end) {
    if (handled_at_root_) throw std::logic_error("Kernel::run_until called from an event handler");
    for (;;) {
      if ((queue_.empty() || queue_.top().time > now_) && at_instant_end()) continue;
      if (queue_.empty() || queue_.top().time > end) break;
      step(handle);
    }
    if (end != kForever && end > now_) now_ = end;
  }

  template <class Handler>
  void run_until(SimTime end, Handler&& handle) {
    if (handled_at_root_) throw std::logic_error("Kernel::run_until called from an event handler");
    while (!queue_.empty() && queue_.top().time <= end) step(handle);
    if (end != kForever && end > now_) now_ = end;
  }

 private:
  template <class Handler>
  void step(Handler& handle) {
    const Event e = queue_.top();
    now_ = e.time;
    ++executed_;
    // Most handlers schedule at least one event: leave e at the root so
    // that the first schedule_at replaces it (one sift instead of two).
    handled_at_root_ = true;
    try {
      handle(e);
    } catch (...) {
      drop_handled_event();
      throw;
    }
    drop_handled_event();
  }

  // Pops the handled event if no schedule_at replaced it.
  void drop_handled_event() {
    if (handled_at_root_) {
      handled_at_root_ = false;
      queue_.pop();
    }
  }

  EventQueue queue_;
  SimTime now_ = 0;
  std::uint64_t executed_ = 0;
  // True while a handler runs and its event still occupies the queue's root.
  bool handled_at_root_ = false;
};

}  // namespace firedrill
