// A bounded FIFO of indices: a replica's queue of waiting requests. Storage
// grows by doubling up to the bound as the queue first fills, so a generous
// bound costs nothing until it is used, and a steady state allocates nothing.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

namespace firedrill {

class RingQueue {
 public:
  explicit RingQueue(std::size_t bound = 0) : bound_(bound) {}

  // The most elements it may hold.
  std::size_t bound() const { return bound_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == bound_; }

  void push(std::uint32_t value) {
    assert(!full());
    if (size_ == slots_.size()) grow();
    std::size_t at = head_ + size_;
    if (at >= slots_.size()) at -= slots_.size();
    slots_[at] = value;
    ++size_;
  }
  std::uint32_t pop() {
    assert(!empty());
    std::uint32_t value = slots_[head_];
    if (++head_ == slots_.size()) head_ = 0;
    --size_;
    return value;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  void grow() {
    std::vector<std::uint32_t> bigger(
        std::min(bound_, std::max<std::size_t>(16, slots_.size() * 2)));
    for (std::size_t i = 0; i < size_; ++i) {
      std::size_t at = head_ + i;
      if (at >= slots_.size()) at -= slots_.size();
      bigger[i] = slots_[at];
    }
    slots_ = std::move(bigger);
    head_ = 0;
  }

  std::size_t bound_ = 0;
  std::vector<std::uint32_t> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace firedrill
