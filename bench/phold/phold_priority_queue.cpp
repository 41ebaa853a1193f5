// PHOLD on a plain std::priority_queue: the event loop a competent engineer
// writes in ten minutes. It is the peer of phold_kernel.cpp; same model, same
// draws, same (time, seq) order, hence the same checksum.
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "bench/phold/phold_model.h"

namespace {

struct Ev {
  firedrill::SimTime time;
  std::uint64_t seq;  // FIFO among equal times, as in the kernel
  std::uint32_t lp;

  friend bool operator>(const Ev& a, const Ev& b) {
    return a.time != b.time ? a.time > b.time : a.seq > b.seq;
  }
};

}  // namespace

int main(int argc, char** argv) {
  using namespace firedrill;
  using namespace firedrill::bench;

  const PholdConfig config = parse_phold_args(argc, argv);
  PholdModel model(config);
  Stopwatch watch;

  std::vector<Ev> storage;
  storage.reserve(config.lps);
  std::priority_queue<Ev, std::vector<Ev>, std::greater<>> queue(std::greater<>{},
                                                                 std::move(storage));
  std::uint64_t seq = 0;
  for (std::uint32_t lp = 0; lp < config.lps; ++lp) queue.push(Ev{model.draw_delay(), seq++, lp});

  const SimTime end = config.end_time();
  SimTime now = 0;
  std::uint64_t executed = 0;
  while (!queue.empty() && queue.top().time <= end) {
    const Ev e = queue.top();
    queue.pop();
    now = e.time;
    ++executed;
    model.on_message(now, e.lp, [&](SimTime delay, std::uint32_t dest) {
      queue.push(Ev{now + delay, seq++, dest});
    });
  }

  const double wall = watch.seconds();
  print_phold_result(executed, wall, model.checksum());
  return 0;
}
