// PHOLD on firedrill's event kernel, used exactly as the model uses it: the
// event's target is the LP, its kind is constant.
#include "bench/phold/phold_model.h"
#include "sim/kernel/event_queue.h"

int main(int argc, char** argv) {
  using namespace firedrill;
  using namespace firedrill::bench;
  constexpr std::uint32_t kMessage = 0;

  const PholdConfig config = parse_phold_args(argc, argv);
  PholdModel model(config);
  Stopwatch watch;

  Kernel kernel;
  kernel.reserve(config.lps);
  for (std::uint32_t lp = 0; lp < config.lps; ++lp) {
    kernel.schedule_at(model.draw_delay(), kMessage, lp);
  }
  kernel.run_until(config.end_time(), [&](const Event& e) {
    model.on_message(kernel.now(), e.target, [&](SimTime delay, std::uint32_t dest) {
      kernel.schedule_after(delay, kMessage, dest);
    });
  });

  const double wall = watch.seconds();
  print_phold_result(kernel.executed(), wall, model.checksum());
  return 0;
}
