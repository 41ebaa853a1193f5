-- Each service gets an error fault a minute after the previous one, in the
-- order pairs visits the table; random() picks extra latency.
local plan = {
  frontend = 0.01, cart = 0.02, search = 0.03, ads = 0.04,
  checkout = 0.05, payments = 0.06, shipping = 0.07, db = 0.08,
}
local minute = 0
for name, rate in pairs(plan) do
  minute = minute + 1
  at(minute * 60, function()
    service(name):errors{ rate = rate }
    service(name):latency{ add = random(1, 50) .. "ms", p = 0.5 }
    log(name, "warn", "fault number " .. minute .. " starts here")
  end)
end
local seen = {}
on("fault", function(ev) seen[ev.service] = (seen[ev.service] or 0) + 1 end)
at("11m", function()
  local parts = {}
  for name, count in pairs(seen) do parts[#parts + 1] = name .. "=" .. count end
  inject("faults so far: " .. table.concat(parts, ", ") .. " " .. tostring({}))
end)
