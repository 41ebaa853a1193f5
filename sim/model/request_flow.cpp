// A request's life inside one service: admitted by a replica (or rejected
// when its queue is full), waits for a worker, computes for its sampled
// service time, makes its downstream calls group by group, and answers.
// The worker is held until the answer: a slow dependency therefore ties up
// the caller's workers, which is how slowness climbs the graph.
#include <cmath>

#include "sim/model/engine.h"

namespace firedrill {

void Engine::deliver(std::uint32_t service, const ReplyTo& reply) {
  // A drain or a rate limit (mitigations.cpp): one branch while there is none.
  if (services_[service].gated) [[unlikely]] {
    if (gate(service, reply)) return;
  }
  std::int64_t replica = pick_replica(services_[service]);
  if (replica < 0) {
    respond(reply, Outcome::kRefused, kNoReplica);
    return;
  }
  admit(static_cast<std::uint32_t>(replica), reply);
}

void Engine::admit(std::uint32_t replica, const ReplyTo& reply) {
  Replica& r = replicas_[replica];
  ServiceState& s = services_[r.service];
  const bool worker_free = r.busy < s.spec->workers;
  if (!worker_free && r.queue.full()) {
    ++s.by_code[static_cast<int>(Code::k503)];
    ++s.bucket_counts[0];
    s.latency->record(0);
    log(LogKind::kRejected, r.service, replica, r.instance, LogLevel::kWarn, [&] {
      return "queue full (" + std::to_string(r.queue.size()) + " waiting, " +
             std::to_string(r.busy) + " workers busy): rejected request with 503";
    });
    respond(reply, Outcome::kRejected, replica);
    return;
  }
  PoolRef ref = requests_.allocate();
  Request& q = requests_[ref.index];
  q.reply = reply;
  q.arrived = now();
  q.service = r.service;
  q.replica = replica;
  if (worker_free) {
    start_compute(ref.index);
  } else {
    r.queue.push(ref.index);
  }
  check_memory(replica);
}

SimTime Engine::sample_compute_time(ServiceState& s) {
  const LatencySpec& latency = s.spec->latency;
  SimTime compute = 0;
  switch (latency.distribution) {
    case LatencySpec::Distribution::kLognormal:
      compute = static_cast<SimTime>(
          std::llround(s.rng.lognormal(s.lognormal_mu, s.lognormal_sigma) * kSecond));
      break;
    case LatencySpec::Distribution::kExponential:
      compute =
          static_cast<SimTime>(std::llround(s.rng.exponential(to_seconds(latency.mean)) * kSecond));
      break;
    case LatencySpec::Distribution::kConstant:
      compute = latency.mean;
      break;
  }
  // Added latency and CPU hogs (faults.cpp): one branch while there are none.
  if (s.slow) [[unlikely]] {
    return slow_down(s, compute);
  }
  return compute;
}

void Engine::start_compute(std::uint32_t request) {
  Request& q = requests_[request];
  Replica& r = replicas_[q.replica];
  ServiceState& s = services_[q.service];
  update_integrals(s);
  ++r.busy;
  ++s.computing;
  q.computing = true;
  kernel_.schedule_after(sample_compute_time(s),
                         static_cast<std::uint32_t>(EventKind::kComputeDone), request,
                         requests_.ref(request).generation);
}

void Engine::on_compute_done(PoolRef ref) {
  if (!requests_.valid(ref)) return;  // its replica was killed meanwhile
  Request& q = requests_[ref.index];
  ServiceState& s = services_[q.service];
  update_integrals(s);
  --s.computing;
  q.computing = false;
  // The service's own errors, then those of an error-rate fault (each its own
  // draw, made only when its probability is positive).
  if ((s.spec->errors > 0 && s.rng.bernoulli(s.spec->errors)) ||
      (s.error_rate > 0 && s.rng.bernoulli(s.error_rate))) {
    log(LogKind::kOwnError, q.service, q.replica, replicas_[q.replica].instance, LogLevel::kError,
        [] { return std::string("internal error while handling request: responding 500"); });
    finish(ref.index, Code::k500);
    return;
  }
  run_next_group(ref.index);
}

void Engine::run_next_group(std::uint32_t request) {
  const PoolRef ref = requests_.ref(request);
  for (;;) {
    Request& q = requests_[request];
    const ServiceState& s = services_[q.service];
    if (q.next_group >= s.groups.size()) {
      finish(request, Code::k200);
      return;
    }
    const std::vector<GroupCall>& group = s.groups[q.next_group++];
    // One extra pending count guards the group while its calls go out, so
    // that it cannot be considered over before all of them are launched.
    q.pending = 1;
    for (const GroupCall& member : group) {
      if (edges_[member.edge].flag_off) [[unlikely]] {
        continue;  // its feature flag is off: not made, no draw
      }
      const CallSpec& call = *edges_[member.edge].spec;
      for (std::uint32_t n = 0; n < member.copies; ++n) {
        if (call.p < 1.0 && !services_[requests_[request].service].rng.bernoulli(call.p)) continue;
        ++requests_[request].pending;
        launch_call(request, member.edge);
        if (!requests_.valid(ref)) return;  // answered meanwhile: a required call failed at once
      }
    }
    if (--requests_[request].pending > 0) return;  // calls under way; on_call_ended continues
  }
}

void Engine::on_call_ended(PoolRef ref, std::uint32_t edge, Outcome outcome) {
  if (!requests_.valid(ref)) return;  // the request already failed or its replica died
  Request& q = requests_[ref.index];
  if (outcome != Outcome::kOk) {
    const CallSpec& call = *edges_[edge].spec;
    if (!call.optional) {
      const Code code = outcome == Outcome::kTimeout ? Code::k504 : Code::k500;
      log(LogKind::kRequestFailed, q.service, edges_[edge].to, replicas_[q.replica].instance,
          LogLevel::kError, [&] {
            return std::string("request failed with ") + code_name(code) + ": call to " + call.to +
                   " failed (" + outcome_name(outcome) + ")";
          });
      finish(ref.index, code);
      return;
    }
    q.degraded = true;
  }
  if (--q.pending == 0) run_next_group(ref.index);
}

void Engine::finish(std::uint32_t request, Code code) {
  Request& q = requests_[request];
  const ReplyTo reply = q.reply;
  const std::uint32_t replica = q.replica;
  Replica& r = replicas_[replica];
  ServiceState& s = services_[q.service];

  ++s.by_code[static_cast<int>(code)];
  if (q.degraded && code == Code::k200) ++s.degraded;
  const SimTime took = now() - q.arrived;
  const double seconds = to_seconds(took);
  std::size_t bucket = 0;
  while (bucket < kDurationBuckets.size() && seconds > kDurationBuckets[bucket]) ++bucket;
  ++s.bucket_counts[bucket];
  s.duration_sum += seconds;
  s.latency->record(took);

  requests_.release(request);
  --r.busy;
  r.leaked += static_cast<double>(s.leak_per_request);
  if (!r.queue.empty()) start_compute(r.queue.pop());
  respond(reply, code == Code::k200 ? Outcome::kOk : Outcome::kError, replica);
  if (s.leak_per_request > 0) check_memory(replica);
}

void Engine::respond(const ReplyTo& reply, Outcome outcome, std::uint32_t responder) {
  responses_.push_back(PendingResponse{reply, outcome, responder});
  if (delivering_responses_) return;  // the loop below, further up the stack, delivers it
  // Resets the queue however the loop ends (a hook may throw).
  struct Delivering {
    Engine& e;
    explicit Delivering(Engine& engine) : e(engine) { e.delivering_responses_ = true; }
    ~Delivering() {
      e.responses_.clear();
      e.responses_head_ = 0;
      e.delivering_responses_ = false;
    }
  } delivering(*this);
  // Index, not iterator: delivering a response may queue more.
  while (responses_head_ < responses_.size()) {
    const PendingResponse next = responses_[responses_head_++];
    deliver_response(next);
  }
}

void Engine::deliver_response(const PendingResponse& response) {
  if (response.reply.kind == ReplyTo::Kind::kIngress) {
    count_attempt(traffic_[response.reply.index].link, response.outcome);
    return;
  }
  on_attempt_result(response.reply, response.outcome, response.responder);
}

}  // namespace firedrill
