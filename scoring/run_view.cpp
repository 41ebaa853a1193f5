#include "scoring/run_view.h"

namespace firedrill {

RunView view_of(const Recording& recording, const Scenario& scenario) {
  RunView view;
  view.scenario = &scenario;
  view.info = recording.info;
  view.status = recording.status;
  view.end = recording.end_time;
  view.metrics = &recording.metrics;
  view.journal = &recording.journal;
  return view;
}

}  // namespace firedrill
