-- retry-storm: pricing v7.3.0 looks up tax rules once per item instead of
-- once per basket, adding about 60ms to every price lookup. Pricing is not
-- down, only slower, but catalog gives it 100ms and retries three times:
-- every timed-out attempt is sent again while pricing still works on it.
-- The retries multiply pricing's load, it saturates, catalog's workers wait
-- on it, and the frontend's own retries multiply catalog's load in turn.
-- Rolling pricing back to v7.2.4 removes the trigger.

local pricing = service("pricing")
local catalog = service("catalog")

local GOOD_VERSION = "v7.2.4"
local BAD_VERSION = "v7.3.0"
local EXTRA_LATENCY = "60ms"

-- The release running when the drill starts, so a rollback has a target.
deploy(pricing, GOOD_VERSION, "release 7.2.4 (in production since Thursday)")

at("15m", function()
  deploy(pricing, BAD_VERSION, "pricing: tax rules per line item for the EU VAT change (PRC-377)")
  pricing:latency{ add = EXTRA_LATENCY }
end)

-- The retry storm seen from catalog's client library: attempts to pricing
-- per request that catalog admitted (rejected requests make no calls),
-- once a minute.
local last_attempts, last_admitted = 0, 0
every("1m", function()
  local attempts = catalog:metric("calls_total", { to = "pricing" })
  local admitted = catalog:metric("requests_total") - catalog:metric("requests_total", { code = "503" })
  local per_request = (attempts - last_attempts) / math.max(1, admitted - last_admitted)
  last_attempts, last_admitted = attempts, admitted
  if per_request > 1.5 then
    log(catalog, "warn", string.format(
      "pricing client: %.1f attempts per request in the last minute (retry policy: 3 retries, " ..
      "100ms timeout, 10ms backoff; circuit breaker: disabled)", per_request))
  end
end)

at("25m", function()
  if pricing:version() == BAD_VERSION then
    inject("Support: product pages time out or show 'Service Unavailable' for most " ..
           "customers since about 09:15.")
  end
end)

at("35m", function()
  if pricing:version() == BAD_VERSION then
    inject("The pricing team in #incidents: 'pricing gets more than twice its usual request " ..
           "rate since 09:15, is someone load testing us? Our latency is through the roof.'")
  end
end)

on("rollback", pricing, function(ev)
  if ev.from == BAD_VERSION then
    pricing:clear_faults()
    log(pricing, "info", "tax rules: per-basket lookup (running " .. ev.to .. ")")
  end
end)
