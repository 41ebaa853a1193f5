// A bounded FIFO of indices with its storage allocated once: a replica's
// queue of waiting requests.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace firedrill {

class RingQueue {
 public:
  explicit RingQueue(std::size_t capacity = 0) : slots_(capacity) {}

  std::size_t capacity() const { return slots_.size(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  bool full() const { return size_ == slots_.size(); }

  void push(std::uint32_t value) {
    assert(!full());
    slots_[(head_ + size_) % slots_.size()] = value;
    ++size_;
  }
  std::uint32_t pop() {
    assert(!empty());
    std::uint32_t value = slots_[head_];
    head_ = (head_ + 1) % slots_.size();
    --size_;
    return value;
  }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<std::uint32_t> slots_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace firedrill
