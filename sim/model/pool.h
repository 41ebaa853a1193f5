// A slab of reusable objects addressed by index, with a generation counter
// per slot so that a stale reference (an event for a request that has since
// finished) is recognised instead of touching the slot's new occupant.
// Generations are 64-bit, so they never wrap within a run. Allocation reuses
// freed slots (most recently freed first), so a run in a steady state
// allocates no memory.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

namespace firedrill {

// A reference to a pooled object that remembers which occupant it meant.
struct PoolRef {
  std::uint32_t index = 0;
  std::uint64_t generation = 0;
};

template <class T>
class Pool {
 public:
  // Takes a free slot (value-initialised) and returns a reference to it.
  PoolRef allocate() {
    std::uint32_t index;
    if (!free_.empty()) {
      index = free_.back();
      free_.pop_back();
      items_[index] = T{};
    } else {
      index = static_cast<std::uint32_t>(items_.size());
      items_.emplace_back();
      generations_.push_back(0);
      live_.push_back(false);
    }
    live_[index] = true;
    ++live_count_;
    return {index, generations_[index]};
  }

  // Frees a slot; references to it become stale.
  void release(std::uint32_t index) {
    assert(live_[index]);
    live_[index] = false;
    ++generations_[index];
    free_.push_back(index);
    --live_count_;
  }

  // True if `ref` still names the object it was taken for.
  bool valid(PoolRef ref) const {
    return ref.index < items_.size() && live_[ref.index] &&
           generations_[ref.index] == ref.generation;
  }
  bool live(std::uint32_t index) const { return live_[index]; }
  PoolRef ref(std::uint32_t index) const { return {index, generations_[index]}; }

  T& operator[](std::uint32_t index) { return items_[index]; }
  const T& operator[](std::uint32_t index) const { return items_[index]; }

  // Number of slots ever allocated (live or free): iterate 0..capacity() and
  // skip those that are not live().
  std::uint32_t capacity() const { return static_cast<std::uint32_t>(items_.size()); }
  std::uint32_t live_count() const { return live_count_; }

 private:
  std::vector<T> items_;
  std::vector<std::uint64_t> generations_;
  std::vector<bool> live_;
  std::vector<std::uint32_t> free_;
  std::uint32_t live_count_ = 0;
};

}  // namespace firedrill
