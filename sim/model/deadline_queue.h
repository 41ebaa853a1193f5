// The pending call timeouts of one edge. Every attempt along an edge has the
// same timeout and attempts start in time order, so deadlines arrive already
// sorted: a FIFO replaces a heap, and only its head needs a kernel event.
// Storage is a ring that doubles when full (no allocation in a steady state).
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "sim/base/time.h"

namespace firedrill {

// One attempt's deadline.
struct Deadline {
  SimTime at = 0;
  std::uint32_t call = 0;  // call slot
  std::uint32_t attempt = 0;
  std::uint64_t generation = 0;  // of the call slot
};

class DeadlineQueue {
 public:
  bool empty() const { return size_ == 0; }
  const Deadline& front() const {
    assert(size_ > 0);
    return slots_[head_];
  }

  // Appends a deadline no earlier than the last one.
  void push(const Deadline& d) {
    assert(size_ == 0 || back().at <= d.at);
    if (size_ == slots_.size()) grow();
    slots_[(head_ + size_) & (slots_.size() - 1)] = d;
    ++size_;
  }
  void pop() {
    assert(size_ > 0);
    head_ = (head_ + 1) & (slots_.size() - 1);
    --size_;
  }

 private:
  const Deadline& back() const { return slots_[(head_ + size_ - 1) & (slots_.size() - 1)]; }
  void grow() {
    std::vector<Deadline> bigger(slots_.empty() ? 16 : slots_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) bigger[i] = slots_[(head_ + i) & (slots_.size() - 1)];
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::vector<Deadline> slots_;  // capacity is a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace firedrill
