-- The reference responder of slow-search: what a good on-call does with a
-- SEV-3, at a human pace. `firedrill run` runs it (unless --no-responder).
--
-- Nobody is paged: a latency alert goes to the ticket queue. A good
-- responder picks the ticket up, looks at search, sees its CPU tripled with
-- the v4.1.0 deploy, declares a SEV-3 without paging anyone, and rolls
-- search back.

local ME = "responder"
local picked_up, resolved = false, false

local function recent_deploy(service)
  local last
  for _, change in ipairs(changes()) do
    if change.service == service and change.kind == "deploy" and now() - change.time < 3600 then
      last = change
    end
  end
  return last
end

-- The ticket queue is looked at every 10 minutes.
local triage
triage = every("10m", function()
  if picked_up then return end
  for _, alert in ipairs(alerts()) do
    if alert.state == "firing" and alert.labels.service == "search" then
      picked_up = true
      triage:cancel()
      investigate("search")
      declare("Search is slow")
      severity("SEV-3")
      role("commander", ME)
      status("Search results are slower than usual; searching still works. Investigating.")
      after("5m", function()
        local deploy = recent_deploy("search")
        if deploy then
          mitigate("rollback", "search")
          rootcause("search", "cpu-saturation")
          status("search " .. deploy.version .. " uses three times the CPU per query. " ..
                 "Rolling it back.")
        end
      end)
      return
    end
  end
end)

on("mitigation_done", "search", function(m)
  if m.action == "rollback" and not resolved then
    after("10m", function()
      resolved = true
      status("Resolved: search latency is back to normal.")
      resolve()
    end)
  end
end)
