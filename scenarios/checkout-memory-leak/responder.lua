-- The reference responder of checkout-memory-leak: what a good on-call does,
-- at a human pace. `firedrill run` runs it (unless --no-responder) and the
-- scenario tests check that it ends the user impact.
--
-- 1. Acknowledge each page within a minute.
-- 2. Declare SEV-2 (orders fail in bursts, browsing works), take command,
--    tell stakeholders.
-- 3. Look at checkout: its replicas are OOM-killed, and the change log shows
--    a checkout deploy minutes before the first kill. Roll it back; a
--    restart would only buy time.
-- 4. Name the root cause, update stakeholders, and resolve once every page
--    has resolved.

local ME = "responder"
local declared, resolved = false, false

-- The latest deploy of `service` within the last hour, if any.
local function recent_deploy(service)
  local last
  for _, change in ipairs(changes()) do
    if change.service == service and change.kind == "deploy" and now() - change.time < 3600 then
      last = change
    end
  end
  return last
end

local function all_pages_resolved()
  for _, incident in ipairs(incidents()) do
    if incident.state ~= "resolved" then return false end
  end
  return true
end

on("page", function(page)
  after("1m", function() ack(page) end)
end)

on("incident_acknowledged", function()
  if declared then return end
  declared = true
  declare("Checkout failing: replicas OOM-killed in a loop")
  severity("SEV-2")
  role("commander", ME)
  investigate("checkout")
  status("We are investigating failed orders: checkout replicas keep running out of memory " ..
         "and restarting. Browsing is not affected.")
  -- A few minutes with the dashboards, the logs and the change log.
  after("3m", function()
    local deploy = recent_deploy("checkout")
    if deploy then
      mitigate("rollback", "checkout")
      rootcause("checkout", "memory-leak")
      status("Rolling checkout back from " .. deploy.version .. ", deployed shortly before " ..
             "the first out-of-memory kill.")
    else
      mitigate("restart", "checkout")
    end
  end)
end)

on("mitigation_done", "checkout", function(m)
  if m.action == "rollback" then
    status("Checkout is rolled back; its memory is flat again. Monitoring before resolving.")
  end
end)

on("incident_resolved", function()
  if declared and not resolved and all_pages_resolved() then
    resolved = true
    status("Resolved: orders succeed again. A postmortem will follow.")
    resolve()
  end
end)
