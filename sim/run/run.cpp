#include "sim/run/run.h"

#include <algorithm>

#include "sim/run/session.h"

namespace firedrill {

RunResult run_scenario(const Scenario& scenario, const RunOptions& options) {
  RunSession session(scenario, options);
  session.start();
  for (const Action& action : options.actions) {
    if (session.failed() || action.time > session.end()) break;
    if (options.stop && action.time > *options.stop) break;
    session.advance_to(action.time);
    session.apply(action);
  }
  const SimTime stop = options.stop ? std::min(*options.stop, session.end()) : session.end();
  session.advance_to(stop);
  RunResult result = session.finish();
  if (options.inspect) options.inspect(session.sim(), result);
  return result;
}

}  // namespace firedrill
