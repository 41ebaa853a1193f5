---@meta firedrill-responder
-- Declarations of the firedrill responder-bot API (a scenario's `responder:`
-- script, or `firedrill run --responder FILE`) for the Lua language server.
-- Nothing here runs; the engine provides these globals to responder bots
-- only. Reference: docs/lua-api.md, "Responder bots".
--
-- A bot also has the scheduling functions of firedrill.lua (at, after,
-- every, now, random, Timer) and `print`; its `on` accepts only the kinds a
-- responder sees (firedrill.VisibleEventKind) and takes a service by name.
-- Its `services()` returns the services' names (strings), not handles. It
-- has none of the rest of the fault API (service, traffic, deploy,
-- rollback, log, inject, KiB...). LuaLS reads both files for every script of
-- a workspace, so completion offers both APIs in both kinds of script; the
-- engine gives each script only its own.

-- ---------------------------------------------------------------------------
-- Values
-- ---------------------------------------------------------------------------

---@alias firedrill.VisibleEventKind
---| "oom_killed"    # a replica reached its memory limit and was killed
---| "restart"       # a replica goes down to restart (reason)
---| "replica_ready" # a replica takes traffic again
---| "deploy"        # a deploy (version)
---| "rollback"      # a rollback (from, to)
---| "inject"        # a facilitator message (message)
---| "alert_pending" # an alert's expression returned it; `for` not elapsed
---| "alert_firing"  # an alert fires (alertname, labels, value, annotation.NAME)
---| "alert_resolved" # a firing alert stopped
---| "alert_cleared" # a pending alert went away before `for`
---| "rule_failed"   # a rule's evaluation failed
---| "notification"  # Alertmanager notified a receiver
---| "alert_muted"   # a silence or inhibition kept an alert out of a notification
---| "incident_triggered" # an incident opened (incident, team, title)
---| "page"          # a person was paged (incident, team, person, level, via, reason)
---| "escalated"     # an incident moved to another level
---| "incident_acknowledged" # (incident, team, person)
---| "incident_retriggered"  # acknowledged but not resolved in time
---| "incident_resolved"     # (incident, team, by)
---| "action"         # an action was applied (actor, verb, text, and the verb's own)
---| "action_refused" # an action was refused (actor, verb, text, reason)
---| "mitigation"     # a mitigation started (action, takes)
---| "mitigation_done" # a mitigation took full effect (action)

---@alias firedrill.Role
---| "commander"
---| "comms"
---| "ops"
---| "scribe"

---@alias firedrill.Mitigation
---| "restart"    # mitigate("restart", service): a rolling restart
---| "rollback"   # mitigate("rollback", service): a rolling deploy of the previous version
---| "scale"      # mitigate("scale", n, service): n replicas (1..1000)
---| "failover"   # mitigate("failover", service): promote the standby
---| "drain"      # mitigate("drain", service): admit no new request
---| "undrain"    # mitigate("undrain", service)
---| "rate-limit" # mitigate("rate-limit", "200/s" | 200 | "off", service)
---| "flag"       # mitigate("flag", name, "on" | "off", service)

---@alias firedrill.FaultKind
---| "outage" | "crash" | "latency" | "errors" | "memory-leak" | "cpu-saturation"
---| "partition" | "bad-deploy" | "config-change" | "traffic-spike" | "retry-storm"
---| "capacity" | "dependency-failure" | "certificate-expiry" | "dns-failure"
---| "cold-cache" | "connection-pool-exhaustion" | "disk-full" | "noisy-neighbour"

---An action's word: a string, or a number (a whole number is written as an integer).
---@alias firedrill.Word string|number

-- ---------------------------------------------------------------------------
-- What the queries return
-- ---------------------------------------------------------------------------

---A pending or firing alert (`alerts()`).
---@class firedrill.Alert
---@field name string The alert's name (its `alertname` label).
---@field state "pending"|"firing"
---@field labels table<string, string> Its labels (alertname, service, severity, ...).
---@field annotations table<string, string> Its expanded annotations (summary, ...).
---@field value number The expression's value at the last evaluation.
---@field active_since number When it became pending (or firing), in seconds since the start.
---@field firing_since? number When it started firing, if it is firing.

---An incident of the pager (`incidents()`).
---@class firedrill.Incident
---@field id integer Its number (1, 2, ... in trigger order): what `ack` takes.
---@field team string The team it pages.
---@field state "triggered"|"acknowledged"|"resolved"
---@field title string The first trigger's summary.
---@field level integer The escalation level it is at (1 = the first).
---@field triggered_at number When it opened, in seconds since the start.
---@field acknowledged_by? string Who acknowledged it last, if anyone did.
---@field resolved_by? string Who resolved it ("alertmanager" when its alerts resolved).

---A log line of a service (`logs()`).
---@class firedrill.LogLine
---@field time number When, in seconds since the start.
---@field instance? string The replica that logged it ("db-0"), if any.
---@field level firedrill.LogLevel
---@field message string

---An entry of the change log (`changes()`).
---@class firedrill.Change
---@field time number When, in seconds since the start.
---@field service string
---@field kind string "deploy", "rollback", "config", ...
---@field version string The new version (a rollback: the one rolled back to), or "".
---@field description string

-- ---------------------------------------------------------------------------
-- Actions: each is applied at the end of the current instant and comes back
-- as an `action` or `action_refused` event. A malformed action is an error.
-- ---------------------------------------------------------------------------

---Acknowledges an incident: its number, or a `page` / `incident_*` event
---(its `incident` field), or an entry of `incidents()`.
---@param incident integer|string|Event|firedrill.Incident
function ack(incident) end

---Declares the incident the bot works on.
---@param title string
function declare(title) end

---Sets the declared incident's severity: "SEV-1" .. "SEV-4", or 1 .. 4.
---@param level string|integer
function severity(level) end

---Gives `person` an incident role.
---@param role firedrill.Role
---@param person string
function role(role, person) end

---Pages another team's on-call.
---@param team string
function escalate(team) end

---Looks into a service (its dashboards and logs), as the record shows.
---@param service string
function investigate(service) end

---Starts a mitigation. The words in the vocabulary's order, the service
---last: `mitigate("rollback", "checkout")`, `mitigate("scale", 6, "checkout")`,
---`mitigate("rate-limit", "200/s", "frontend")`,
---`mitigate("flag", "recommendations", "off", "frontend")`.
---@param mitigation firedrill.Mitigation
---@param ... firedrill.Word The mitigation's words, then the service.
function mitigate(mitigation, ...) end

---Adds an Alertmanager silence: matchers as text ('alertname="X",service="db"')
---or as a table of label = value; a duration as text ("1h") or seconds.
---@param matchers string|table<string, string>
---@param duration firedrill.Duration
function silence(matchers, duration) end

---Posts a status update for stakeholders (one line).
---@param text string
function status(text) end

---Names the root cause.
---@param service string
---@param fault firedrill.FaultKind
function rootcause(service, fault) end

---Ends the declared incident.
function resolve() end

-- ---------------------------------------------------------------------------
-- Queries: what a responder can see now
-- ---------------------------------------------------------------------------

---The pending and firing alerts now, in rule order.
---@return firedrill.Alert[]
function alerts() end

---The pager's incidents, in trigger order (resolved ones included).
---@return firedrill.Incident[]
function incidents() end

---The value of a service's metric at the latest scrape, summed over its
---series that match `labels` (`memory_bytes`: the maximum over the
---replicas), as `Service:metric` in fault scripts.
---@param service string
---@param name firedrill.MetricName
---@param labels? table<string, string>
---@return number
function metric(service, name, labels) end

---The service's log lines, oldest first: all of them, or those of the last `since`.
---@param service string
---@param since? firedrill.Duration
---@return firedrill.LogLine[]
function logs(service, since) end

---The change log so far (deploys, rollbacks), oldest first.
---@return firedrill.Change[]
function changes() end
