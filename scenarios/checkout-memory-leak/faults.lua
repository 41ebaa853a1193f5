-- checkout-memory-leak: checkout v2.14.0 caches the promotions of every
-- order's session and never evicts them. Each order leaks a little memory;
-- replicas reach their 1GiB limit, are OOM-killed, restart clean and leak
-- again. Restarting buys time; rolling back removes the leak.

local checkout = service("checkout")
local catalog = service("catalog")

local GOOD_VERSION = "v2.13.2"
local BAD_VERSION = "v2.14.0"
-- About 10 orders per second reach each replica. From 400MiB to the 1GiB
-- limit is ~624MiB: 112KiB per order fills it in roughly 9-10 minutes, under
-- the 10 minutes of uptime that reset Kubernetes' crash back-off, so the
-- back-off keeps growing (CrashLoopBackOff).
local LEAK_PER_ORDER = "112KiB"

-- The release running when the drill starts, so a rollback has a target.
deploy(checkout, GOOD_VERSION, "release 2.13.2 (in production since yesterday)")

-- A harmless change shortly before the bad one: a red herring in the change log.
at("12m", function()
  deploy(catalog, "v5.4.0", "catalog: product badges for the spring sale")
end)

at("20m", function()
  deploy(checkout, BAD_VERSION, "checkout: cache applicable promotions per session")
  checkout:leak_memory{ per_request = LEAK_PER_ORDER }
end)

-- What the JVM would say while the heap fills up: a warning per replica
-- above 80% of the limit, once a minute. (A replica that is down has no
-- memory sample at the latest scrape, so it reads 0.)
every("1m", function()
  for ordinal = 0, checkout.replicas - 1 do
    local instance = "checkout-" .. ordinal
    local used = checkout:metric("memory_bytes", { instance = instance })
    if used > 0.8 * GiB then
      log(checkout, "warn", string.format(
        "%s: GC overhead high: full GC reclaimed 2%% of heap (heap %d MiB of 1024 MiB)",
        instance, used // MiB))
    end
  end
end)

-- The customers' view, then the business's, while the leak is still there.
at("50m", function()
  if checkout:version() == BAD_VERSION then
    inject("Support: several customers say checkout failed with 'Something went wrong, " ..
           "please try again'; for most of them it worked on the second try.")
  end
end)
at("1h20m", function()
  if checkout:version() == BAD_VERSION then
    inject("Finance asks in #incidents: orders in the last hour are about 8% below " ..
           "the same hour last week. Is something wrong with checkout?")
  end
end)

-- Rolling back from the bad release removes the leak. What already leaked
-- stays until each replica restarts (or is killed one last time).
on("rollback", checkout, function(ev)
  if ev.from == BAD_VERSION then
    checkout:clear_faults()
    log(checkout, "info", "promotions cache disabled (running " .. ev.to .. ")")
  end
end)
