-- The reference responder of bad-deploy-checkout: what a good on-call does,
-- at a human pace. `firedrill run` runs it (unless --no-responder).
--
-- Checkout answers 500 to about a third of orders since a deploy. Nothing
-- crashes or slows down: the error rate and the change log are the clues.
-- Roll back first, debug later; restarts change nothing.

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

on("incident_acknowledged", function()
  if declared then return end
  declared = true
  declare("Checkout errors: about a third of orders fail")
  severity("SEV-2")
  role("commander", ME)
  investigate("checkout")
  status("We are investigating failed orders at checkout: about a third of customers see " ..
         "an error when placing an order.")
  after("2m", function()
    local deploy = recent_deploy("checkout")
    if deploy then
      mitigate("rollback", "checkout")
      rootcause("checkout", "bad-deploy")
      status("Rolling checkout back from " .. deploy.version .. ": the errors started with it.")
    end
  end)
end)

on("mitigation_done", "checkout", function(m)
  if m.action == "rollback" then
    status("Checkout is rolled back and orders succeed again. Monitoring before resolving.")
  end
end)

on("incident_resolved", function()
  if declared and not resolved and all_pages_resolved() then
    resolved = true
    status("Resolved: checkout errors are back to normal. A postmortem will follow.")
    resolve()
  end
end)
