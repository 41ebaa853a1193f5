-- slow-search: search v4.1.0 re-ranks every query with a larger model. Each
-- query costs about three times the CPU, so search answers about three times
-- slower (p50 60ms -> ~180ms). Search has the capacity to absorb it: nothing
-- fails, search pages are just slow. Rolling back to v4.0.3 fixes it.

local search = service("search")

local GOOD_VERSION = "v4.0.3"
local BAD_VERSION = "v4.1.0"
local SLOWDOWN = 3

-- The release running when the drill starts, so a rollback has a target.
deploy(search, GOOD_VERSION, "release 4.0.3 (in production since last week)")

at("12m", function()
  deploy(search, BAD_VERSION, "ranking: semantic re-ranker enabled for all queries (SRCH-812)")
  search:cpu_hog{ factor = SLOWDOWN }
  log(search, "info", "ranking model 'rerank-large-v2' loaded (1.3 GB); re-ranking top 200 hits per query")
end)

-- What search itself says: a slow-query line now and then while it is slow.
local QUERIES = { "running shoes", "rain jacket women", "usb-c charger 65w", "gift card",
                  "kids bike 16 inch", "coffee grinder" }
every("45s", function()
  if search:version() == BAD_VERSION then
    local total = random(450, 950)
    log(search, "warn", string.format(
      "slow query: q=%q took %dms (rerank %dms, 200 candidates); cpu %.0f%%",
      QUERIES[random(#QUERIES)], total, total - random(40, 90),
      100 * search:metric("cpu_utilization")))
  end
end)

at("40m", function()
  if search:version() == BAD_VERSION then
    inject("A product manager in #shop: 'Search feels sluggish this morning, is that known? " ..
           "Not urgent, just noticed it.'")
  end
end)

on("rollback", search, function(ev)
  if ev.from == BAD_VERSION then
    search:clear_faults()
    log(search, "info", "ranking model 'rerank-small-v1' loaded; re-ranking top 50 hits per query")
  end
end)
