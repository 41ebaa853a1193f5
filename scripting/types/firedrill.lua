---@meta firedrill
-- Declarations of the firedrill fault-script API for the Lua language server
-- (LuaLS): completion, signatures and type checks in editors. Nothing here
-- runs; the engine provides these globals. Reference: docs/lua-api.md.

-- ---------------------------------------------------------------------------
-- Values
-- ---------------------------------------------------------------------------

---A duration: a string with units `us ms s m h d`, largest first ("250ms",
---"1.5s", "20m", "1h30m"), or a number of seconds.
---@alias firedrill.Duration string|number

---A byte size: "48KiB", "512MiB", "1GiB", "100MB", "4096B", or a number of bytes.
---@alias firedrill.Size string|integer

---A request rate: "800/s", "12000/m", "3600/h", or a number per second.
---@alias firedrill.Rate string|number

---A memory leak rate: "512KiB/s", "10MiB/min", "1GiB/h", or a number of bytes per second.
---@alias firedrill.LeakRate string|number

---A service: its handle or its name.
---@alias firedrill.ServiceRef Service|string

---@alias firedrill.LogLevel
---| "debug"
---| "info"
---| "warn"
---| "error"

---@alias firedrill.EventKind
---| "oom_killed"    # a replica reached its memory limit and was killed (memory_bytes, limit_bytes)
---| "restart"       # a replica goes down to restart (reason: oom_killed | crashed | manual)
---| "replica_ready" # a replica takes traffic again
---| "replica_down"  # a replica is held down (reason: outage | scaled_down | failover)
---| "fault"         # a fault turned on or changed (fault: name, plus its parameters)
---| "fault_cleared" # a fault turned off (fault: name, or "all")
---| "spike_ended"   # a traffic spike is over
---| "deploy"        # a deploy (version)
---| "rollback"      # a rollback (from, to)
---| "inject"        # a facilitator message (message)
---| "alert_pending" # an alert's expression returned it; `for` not elapsed (alertname, labels, value)
---| "alert_firing"  # an alert fires (alertname, labels, value, annotation.NAME)
---| "alert_resolved" # a firing alert stopped
---| "alert_cleared" # a pending alert went away before `for`
---| "rule_failed"   # a rule's evaluation failed (group, rule, message)
---| "notification"  # Alertmanager notified a receiver (receiver, team, status, title, reason)
---| "alert_muted"   # a silence or inhibition kept an alert out of a notification (by)
---| "incident_triggered" # an incident opened (incident, team, title)
---| "page"          # a person was paged (incident, team, person, level, via, reason)
---| "escalated"     # an incident moved to another level (from_level, to_level, unanswered)
---| "incident_acknowledged" # (incident, team, person)
---| "incident_retriggered"  # acknowledged but not resolved in time (incident, acknowledged_by)
---| "incident_resolved"     # (incident, team, by)
---| "action"         # a trainee's (or bot's) action was applied (actor, verb, text, ...)
---| "action_refused" # an action was refused (actor, verb, text, reason)
---| "mitigation"     # a mitigation started (action, takes)
---| "mitigation_done" # a mitigation took full effect (action)
---| "incident_fixed" # a scenario's declared fix took effect (fix); fault scripts only
---| "mitigation"    # responders started a mitigation (action, its parameters, takes)
---| "mitigation_done" # the mitigation took full effect (action, its parameters)

---@alias firedrill.MetricName
---| "requests_total"                  # counter; label code ("200", "500", "503", "504")
---| "request_duration_seconds_bucket" # counter; label le ("0.005" ... "10", "+Inf")
---| "request_duration_seconds_sum"    # counter: seconds
---| "request_duration_seconds_count"  # counter
---| "inflight_requests"               # gauge: requests holding a worker
---| "queue_depth"                     # gauge: requests waiting for a worker
---| "memory_bytes"                    # gauge: the maximum over the replicas; label instance
---| "cpu_utilization"                 # gauge: 0 to 1
---| "replicas_up"                     # gauge
---| "replicas_desired"                # gauge: the replicas the service should run
---| "memory_limit_bytes"              # gauge: per replica; only services with a limit
---| "restarts_total"                  # counter
---| "oom_kills_total"                 # counter
---| "degraded_responses_total"        # counter: 200 answers with a failed optional call
---| "calls_total"                     # counter of the calls the service makes; labels to, outcome

---1024 bytes.
---@type integer
KiB = 1024

---1024 KiB (1,048,576 bytes).
---@type integer
MiB = 1048576

---1024 MiB (1,073,741,824 bytes).
---@type integer
GiB = 1073741824

-- ---------------------------------------------------------------------------
-- Classes
-- ---------------------------------------------------------------------------

---A scheduled callback or an event handler, returned by `at`, `after`,
---`every` and `on`.
---@class Timer
local Timer = {}

---Stops the timer: a callback not yet run never runs, an `every` stops
---repeating, an `on` handler stops listening. Does nothing if it is done.
function Timer:cancel() end

---What an `on` handler receives. Attributes of the event are string fields
---(use `tonumber` to compute with them).
---@class Event
---@field kind firedrill.EventKind The event kind.
---@field time number When, in simulated seconds since the start.
---@field service? string The service concerned, if any.
---@field instance? string The replica concerned, if any (e.g. "checkout-1").
---@field reason? string restart: "oom_killed" | "crashed" | "manual"; replica_down: "outage" | "scaled_down" | "failover".
---@field memory_bytes? string oom_killed: memory when killed, in bytes.
---@field limit_bytes? string oom_killed: the memory limit, in bytes.
---@field fault? string fault: "crash" | "outage" | "latency" | "errors" | "memory_leak" | "cpu_hog" | "partition" | "spike" | "traffic_rate"; fault_cleared: the name or "all".
---@field version? string deploy: the version deployed.
---@field from? string rollback: the version rolled back from.
---@field to? string rollback: the version rolled back to.
---@field action? string mitigation, mitigation_done: "restart" | "rollback" | "scale" | "drain" | "undrain" | "rate-limit" | "failover" | "flag".
---@field takes? string mitigation: how long until it has fully taken effect (e.g. "1m", "0s").
---@field message? string inject: the message.
---@field result? string restart: "still_down" when the replica is held down by an outage.
---@field entry? string spike, traffic_rate, spike_ended: the entry service.
---@field traffic? string spike, traffic_rate, spike_ended: the entry's index in `traffic:` (from 0).
---@field [string] string Any other attribute of the event.

---Options of `Service:crash`.
---@class firedrill.CrashOptions
---@field replicas? integer How many replicas to kill (default: all that are up).

---Options of `Service:outage`.
---@class firedrill.OutageOptions
---@field fraction? number Fraction of the replicas held down, 0 to 1 (default 1; at least one if > 0; 0 ends the outage).

---Options of `Service:latency`.
---@class firedrill.LatencyOptions
---@field add firedrill.Duration Added to each affected request's own service time (0 ends it).
---@field p? number Probability that a request is affected, 0 to 1 (default 1).

---Options of `Service:errors`.
---@class firedrill.ErrorsOptions
---@field rate number Fraction of requests answered with 500, 0 to 1 (0 ends it).

---Options of `Service:leak_memory`: give `rate`, `per_request` or both.
---@class firedrill.LeakOptions
---@field rate? firedrill.LeakRate Leaked continuously while a replica is up ("10MiB/min").
---@field per_request? firedrill.Size Leaked per finished request ("48KiB").

---Options of `Service:cpu_hog`.
---@class firedrill.CpuHogOptions
---@field factor number Service time multiplier, >= 1 (1 ends it).

---Options of `Traffic:spike`.
---@class firedrill.SpikeOptions
---@field factor number Arrival rate multiplier, > 0.
---@field duration firedrill.Duration How long the spike lasts.

---A service of the scenario. Get one with `service(name)` or `services()`.
---@class Service
---@field name string The service's name.
---@field replicas integer How many replicas the scenario gives it.
local Service = {}

---Kills every replica that is up, or the first `replicas` of them, now.
---Each restarts after the service's startup time (CrashLoopBackOff if it
---keeps crashing). Emits `restart` events with reason "crashed".
---@param options? firedrill.CrashOptions
function Service:crash(options) end

---Holds round(fraction x replicas) replicas down (at least one if fraction
---> 0) until cleared; with no replica up, callers get connection refused.
---@param options? firedrill.OutageOptions
function Service:outage(options) end

---Adds `add` to each request's own service time, with probability `p`.
---@param options firedrill.LatencyOptions
function Service:latency(options) end

---Answers 500 to a fraction `rate` of requests, on top of the service's own errors.
---@param options firedrill.ErrorsOptions
function Service:errors(options) end

---Makes every replica leak memory, by time (`rate`) and/or per finished
---request (`per_request`). At the limit a replica is OOM-killed; a restart
---frees what leaked, not the leak.
---@param options firedrill.LeakOptions
function Service:leak_memory(options) end

---Multiplies the service time by `factor` (>= 1): something else eats the CPU.
---@param options firedrill.CpuHogOptions
function Service:cpu_hog(options) end

---Cuts the network between this service and `other`, both directions:
---calls between them time out.
---@param other firedrill.ServiceRef
function Service:partition(other) end

---Restores the network between this service and `other`.
---@param other firedrill.ServiceRef
function Service:heal(other) end

---Ends every fault on the service: latency, errors, leak, CPU hog, outage,
---and partitions it is part of. What already happened (leaked memory,
---crashes) stays.
function Service:clear_faults() end

---Restarts replica `ordinal` (0-based), or every replica if omitted, as an
---operator would. A replica already restarting is left alone. Emits `restart`
---events with reason "manual"; a replica held down by an outage stays down
---and its event has result "still_down".
---@param ordinal? integer
function Service:restart(ordinal) end

---The value of a metric at the latest scrape, summed over the service's
---series that match `labels` (`calls_total`: the calls it makes;
---`memory_bytes`: the maximum over its replicas).
---@param name firedrill.MetricName
---@param labels? table<string, string> e.g. `{ code = "500" }`, `{ to = "db", outcome = "timeout" }`
---@return number
function Service:metric(name, labels) end

---The version deployed now: the last deployed or rolled back to, "" if never deployed.
---@return string
function Service:version() end

---Traffic entries of the scenario. Get one with `traffic([entry])`.
---@class Traffic
local Traffic = {}

---Multiplies the arrival rate by `factor` for `duration`, then returns to
---normal (a `spike_ended` event). A new spike replaces one under way.
---@param options firedrill.SpikeOptions
function Traffic:spike(options) end

---Scales the traffic's shape so that its base rate (constant rate, diurnal
---mean, ramp start) becomes `rate`.
---@param rate firedrill.Rate
function Traffic:set_rate(rate) end

-- ---------------------------------------------------------------------------
-- Scheduling
-- ---------------------------------------------------------------------------

---Calls `fn` at simulated time `time` since the start of the run (not in the past).
---@param time firedrill.Duration
---@param fn fun()
---@return Timer
function at(time, fn) end

---Calls `fn` at now() + `delay`.
---@param delay firedrill.Duration
---@param fn fun()
---@return Timer
function after(delay, fn) end

---Calls `fn` every `interval` (at least 1ms), the first time at now() + `interval`.
---@param interval firedrill.Duration
---@param fn fun()
---@return Timer
function every(interval, fn) end

---Calls `fn(ev)` right after each event of kind `event`, at the same
---simulated time; with `target`, only events about that service.
---@param event firedrill.EventKind
---@param target firedrill.ServiceRef
---@param fn fun(ev: Event)
---@return Timer
---@overload fun(event: firedrill.EventKind, fn: fun(ev: Event)): Timer
function on(event, target, fn) end

---Simulated seconds since the start of the run.
---@return number
function now() end

---Like `math.random`, from the run's seed: a float in [0, 1), an integer in
---[1, m], or an integer in [m, n].
---@param m integer
---@param n integer
---@return integer
---@overload fun(): number
---@overload fun(m: integer): integer
function random(m, n) end

-- ---------------------------------------------------------------------------
-- Services and traffic
-- ---------------------------------------------------------------------------

---The service called `name`; an unknown name is an error with a suggestion.
---@param name string
---@return Service
function service(name) end

---Every service of the scenario, in the scenario's order.
---@return Service[]
function services() end

---The traffic entries into service `entry`, or all entries if omitted.
---@param entry? firedrill.ServiceRef
---@return Traffic
function traffic(entry) end

-- ---------------------------------------------------------------------------
-- Changes and messages
-- ---------------------------------------------------------------------------

---Records a deploy of `version` in the change log and emits a `deploy` event.
---Changes no fault by itself; with `fn` (run at once), the faults `fn` turns
---on, on any service, come with the deploy: a rollback of it ends them.
---@param svc firedrill.ServiceRef
---@param version string
---@param description? string
---@param fn? fun()
---@overload fun(svc: firedrill.ServiceRef, version: string, fn: fun())
function deploy(svc, version, description, fn) end

---Rolls `svc` back to its previous version: a change-log entry and a
---`rollback` event (from, to), at once. Ends the faults that came with the
---reverted deploy (`deploy` with a function); changes no other fault.
---@param svc firedrill.ServiceRef
---@param description? string
function rollback(svc, description) end

---Writes a log line of `svc`, never rate-limited.
---@param svc firedrill.ServiceRef
---@param level firedrill.LogLevel
---@param text string
function log(svc, level, text) end

---A facilitator message shown to trainees (an `inject` event).
---@param text string
function inject(text) end
