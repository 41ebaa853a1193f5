// Downstream calls from the caller's side: each attempt is delivered to the
// callee, raced against the call's timeout, and on failure retried after an
// exponential backoff with full jitter until the retries run out. Every
// attempt whose outcome the caller observes is counted in
// calls_total{from,to,outcome}, so a retry storm shows as a multiplied call
// rate on the edge. Attempts of a caller that is gone (its request already
// answered, or its replica killed) are abandoned: not counted, not logged.
#include <algorithm>
#include <cmath>

#include "sim/model/engine.h"

namespace firedrill {

void Engine::count_attempt(std::uint32_t link, Outcome outcome) {
  ++links_[link].outcomes[static_cast<int>(outcome)];
}

void Engine::launch_call(std::uint32_t request, std::uint32_t edge) {
  PoolRef ref = calls_.allocate();
  Call& call = calls_[ref.index];
  call.caller = requests_.ref(request);
  call.edge = edge;
  send_attempt(ref.index);
}

void Engine::send_attempt(std::uint32_t index) {
  Call& call = calls_[index];
  ++call.attempt;
  call.in_flight = true;
  const std::uint64_t generation = calls_.ref(index).generation;
  const std::uint32_t attempt = call.attempt;
  Edge& edge = edges_[call.edge];
  if (edge.spec->timeout > 0) {
    call.deadline = now() + edge.spec->timeout;
    edge.deadlines.push(Deadline{call.deadline, index, attempt, generation});
    if (!edge.timer_pending) {
      edge.timer_pending = true;
      kernel_.schedule_at(call.deadline, static_cast<std::uint32_t>(EventKind::kCallTimeout),
                          call.edge);
    }
  }
  // A partition loses the attempt on the way: the callee never sees it, and
  // only the deadline (if any) ends it.
  if (edge.partitioned) [[unlikely]] {
    lose_attempt(edge);
    return;
  }
  deliver(edge.to, ReplyTo{ReplyTo::Kind::kCall, index, attempt, generation});
}

void Engine::lose_attempt(const Edge& edge) {
  if (edge.spec->timeout > 0) return;  // its deadline ends it
  // Without a timeout nothing ends the attempt: its call slot would stay taken
  // after its caller is gone. Sweep such slots once enough attempts were lost
  // (at least as many as calls were live after the previous sweep, so the
  // sweeps cost O(1) per lost attempt).
  if (++lost_attempts_ >= next_lost_sweep_) release_orphaned_calls();
}

// Releasing a call whose caller is gone is always safe: every event and
// deadline that names it checks its generation, and an answer to an
// abandoned attempt is ignored anyway.
void Engine::release_orphaned_calls() {
  for (std::uint32_t i = 0; i < calls_.capacity(); ++i) {
    if (calls_.live(i) && !requests_.valid(calls_[i].caller)) calls_.release(i);
  }
  lost_attempts_ = 0;
  next_lost_sweep_ = std::max<std::uint64_t>(kLostSweepMin, calls_.live_count());
}

bool Engine::release_if_orphaned(std::uint32_t index) {
  if (requests_.valid(calls_[index].caller)) return false;
  calls_.release(index);
  return true;
}

void Engine::on_attempt_result(const ReplyTo& reply, Outcome outcome, std::uint32_t responder) {
  const PoolRef ref{reply.index, reply.generation};
  if (!calls_.valid(ref)) return;
  Call& call = calls_[ref.index];
  if (!call.in_flight || call.attempt != reply.attempt) return;  // a late answer
  // An answer in the very microsecond of the deadline loses: the timeout wins
  // ties, whatever else happens in that microsecond.
  if (now() >= call.deadline) return;
  call.in_flight = false;
  if (release_if_orphaned(ref.index)) return;
  const Edge& edge = edges_[call.edge];
  count_attempt(edge.link, outcome);
  if (outcome == Outcome::kOk) {
    end_call(ref.index, Outcome::kOk);
    return;
  }
  if (outcome == Outcome::kRefused) {
    log(LogKind::kRefused, edge.from, edge.to, "", LogLevel::kError, [&] {
      return services_[edge.to].drained
                 ? "connection refused: " + edge.spec->to + " is drained"
                 : "connection refused: no healthy replica of " + edge.spec->to;
    });
  } else if (outcome == Outcome::kReset) {
    log(LogKind::kReset, edge.from, edge.to, "", LogLevel::kError, [&] {
      return "upstream connection reset by " + replicas_[responder].instance + " before response";
    });
  }
  call.last_failure = outcome;
  after_failed_attempt(ref.index);
}

// Times out every due attempt of the edge, drops deadlines of attempts that
// were answered meanwhile (most of them), and wakes up again at the first
// deadline still worth waiting for. So a healthy edge costs about one event
// per timeout period instead of one per call.
void Engine::on_deadline(std::uint32_t edge_index) {
  // timer_pending stays set while this runs: attempts started from here (the
  // next call of a request) join the queue without arming a second timer.
  Edge& edge = edges_[edge_index];
  while (!edge.deadlines.empty()) {
    const Deadline d = edge.deadlines.front();
    const PoolRef ref{d.call, d.generation};
    const bool waiting =
        calls_.valid(ref) && calls_[d.call].in_flight && calls_[d.call].attempt == d.attempt;
    if (!waiting) {
      edge.deadlines.pop();
      continue;
    }
    if (d.at > now()) {
      kernel_.schedule_at(d.at, static_cast<std::uint32_t>(EventKind::kCallTimeout), edge_index);
      return;
    }
    edge.deadlines.pop();
    calls_[d.call].in_flight = false;
    if (release_if_orphaned(d.call)) continue;
    calls_[d.call].last_failure = Outcome::kTimeout;
    count_attempt(edge.link, Outcome::kTimeout);
    log(LogKind::kTimeout, edge.from, edge.to, "", LogLevel::kWarn, [&] {
      return "upstream request timeout: call to " + edge.spec->to + " exceeded " +
             format_duration(edge.spec->timeout) + " (attempt " + std::to_string(d.attempt) +
             " of " + std::to_string(edge.spec->retries + 1) + ")";
    });
    after_failed_attempt(d.call);
  }
  edge.timer_pending = false;
}

void Engine::after_failed_attempt(std::uint32_t index) {
  Call& call = calls_[index];
  const CallSpec& spec = *edges_[call.edge].spec;
  if (call.attempt > static_cast<std::uint32_t>(spec.retries)) {
    end_call(index, call.last_failure);
    return;
  }
  // Full jitter: uniform in [0, backoff * 2^(attempt-1)].
  const double ceiling =
      static_cast<double>(spec.backoff) * std::ldexp(1.0, static_cast<int>(call.attempt) - 1);
  const auto delay =
      static_cast<SimTime>(std::llround(services_[edges_[call.edge].from].rng.uniform(0, ceiling)));
  kernel_.schedule_after(delay, static_cast<std::uint32_t>(EventKind::kRetry), index,
                         calls_.ref(index).generation);
}

void Engine::on_retry(PoolRef ref) {
  if (!calls_.valid(ref)) return;
  if (release_if_orphaned(ref.index)) return;
  send_attempt(ref.index);
}

void Engine::end_call(std::uint32_t index, Outcome outcome) {
  const PoolRef caller = calls_[index].caller;
  const std::uint32_t edge = calls_[index].edge;
  calls_.release(index);
  on_call_ended(caller, edge, outcome);
}

}  // namespace firedrill
