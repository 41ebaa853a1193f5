-- The reference responder of retry-storm: what a good on-call does, at a
-- human pace. `firedrill run` runs it (unless --no-responder).
--
-- Product pages fail for most customers. catalog and the frontend look the
-- worst, but they are victims: pricing became slower with a deploy and
-- catalog's retries multiplied its load into a storm. Roll pricing back;
-- scaling or restarting the victims does not help.

local ME = "responder"
local declared, resolved = false, false

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

local updates
on("incident_acknowledged", function()
  if declared then return end
  declared = true
  declare("Product pages fail for most customers")
  severity("SEV-1")
  role("commander", ME)
  status("Product pages fail or time out for most customers. We are investigating.")
  updates = every("15m", function()
    if not resolved then status("Still working on it; next update in 15 minutes.") end
  end)
  investigate("catalog")
  after("3m", function()
    -- catalog's log: several attempts per request to pricing, which was
    -- deployed at 09:15.
    investigate("pricing")
    local deploy = recent_deploy("pricing")
    if deploy then
      mitigate("rollback", "pricing")
      rootcause("pricing", "retry-storm")
      status("pricing " .. deploy.version .. " is slower and catalog's retries overload it. " ..
             "Rolling pricing back.")
    end
  end)
end)

on("mitigation_done", "pricing", function(m)
  if m.action == "rollback" then
    status("pricing is rolled back; the retry storm has drained and pages load. Monitoring.")
  end
end)

on("incident_resolved", function()
  if declared and not resolved and all_pages_resolved() then
    resolved = true
    if updates then updates:cancel() end
    status("Resolved: product pages work again. A postmortem will follow.")
    resolve()
  end
end)
