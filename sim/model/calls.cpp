// Downstream calls from the caller's side: each attempt is delivered to the
// callee, raced against the call's timeout, and on failure retried after an
// exponential backoff with full jitter until the retries run out. Every
// attempt is counted in calls_total{from,to,outcome}, so a retry storm shows
// as a multiplied call rate on the edge.
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
  const std::uint32_t generation = calls_.ref(index).generation;
  Edge& edge = edges_[call.edge];
  if (edge.spec->timeout > 0) {
    const Deadline deadline{now() + edge.spec->timeout, index, generation, call.attempt};
    edge.deadlines.push(deadline);
    if (!edge.timer_pending) {
      edge.timer_pending = true;
      kernel_.schedule_at(deadline.at, static_cast<std::uint32_t>(EventKind::kCallTimeout),
                          call.edge);
    }
  }
  deliver(edge.to, ReplyTo{ReplyTo::Kind::kCall, index, generation, call.attempt});
}

void Engine::on_attempt_result(const ReplyTo& reply, Outcome outcome,
                               const std::string& responder) {
  const PoolRef ref{reply.index, reply.generation};
  if (!calls_.valid(ref)) return;
  Call& call = calls_[ref.index];
  // A response to an attempt that already timed out arrives too late to count.
  if (!call.in_flight || call.attempt != reply.attempt) return;
  call.in_flight = false;
  const Edge& edge = edges_[call.edge];
  count_attempt(edge.link, outcome);
  if (outcome == Outcome::kOk) {
    end_call(ref.index, Outcome::kOk);
    return;
  }
  const std::uint32_t caller_service = edge.from;
  if (outcome == Outcome::kRefused) {
    log(LogKind::kRefused, caller_service, edge.to, "", LogLevel::kError,
        [&] { return "connection refused: no healthy replica of " + edge.spec->to; });
  } else if (outcome == Outcome::kReset) {
    log(LogKind::kReset, caller_service, edge.to, "", LogLevel::kError,
        [&] { return "upstream connection reset by " + responder + " before response"; });
  }
  call.last_failure = outcome;
  after_failed_attempt(ref.index);
}

bool Engine::attempt_waiting(const Deadline& d) const {
  const PoolRef ref{d.call, d.generation};
  return calls_.valid(ref) && calls_[d.call].in_flight && calls_[d.call].attempt == d.attempt;
}

// Times out every due attempt of the edge, drops deadlines of attempts that
// were answered meanwhile (most of them), and wakes up again at the first
// deadline still worth waiting for. So a healthy edge costs about one event
// per timeout period instead of one per call.
void Engine::on_deadline(std::uint32_t edge_index) {
  Edge& edge = edges_[edge_index];
  edge.timer_pending = false;
  while (!edge.deadlines.empty()) {
    const Deadline d = edge.deadlines.front();
    if (!attempt_waiting(d)) {
      edge.deadlines.pop();
      continue;
    }
    if (d.at > now()) {
      edge.timer_pending = true;
      kernel_.schedule_at(d.at, static_cast<std::uint32_t>(EventKind::kCallTimeout), edge_index);
      return;
    }
    edge.deadlines.pop();
    Call& call = calls_[d.call];
    call.in_flight = false;
    call.last_failure = Outcome::kTimeout;
    count_attempt(edge.link, Outcome::kTimeout);
    log(LogKind::kTimeout, edge.from, edge.to, "", LogLevel::kWarn, [&] {
      return "upstream request timeout: call to " + edge.spec->to + " exceeded " +
             format_duration(edge.spec->timeout) + " (attempt " + std::to_string(d.attempt) +
             " of " + std::to_string(edge.spec->retries + 1) + ")";
    });
    // May start new attempts on this edge (a retry is scheduled, not sent, so
    // the queue is not touched under our feet; `edge` stays valid because
    // edges_ never grows during a run).
    after_failed_attempt(d.call);
  }
}

void Engine::after_failed_attempt(std::uint32_t index) {
  Call& call = calls_[index];
  if (!requests_.valid(call.caller)) {  // nobody is waiting for this call any more
    calls_.release(index);
    return;
  }
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
  if (!requests_.valid(calls_[ref.index].caller)) {
    calls_.release(ref.index);
    return;
  }
  send_attempt(ref.index);
}

void Engine::end_call(std::uint32_t index, Outcome outcome) {
  const PoolRef caller = calls_[index].caller;
  const std::uint32_t edge = calls_[index].edge;
  calls_.release(index);
  on_call_ended(caller, edge, outcome);
}

}  // namespace firedrill
