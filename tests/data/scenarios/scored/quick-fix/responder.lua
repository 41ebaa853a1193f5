-- quick-fix's reference responder: acknowledge, declare, roll back, keep
-- everyone informed, resolve. How long it takes to acknowledge and to roll
-- back is drawn from the run's seed, so that seeds give different times
-- (run --seeds has a distribution to show).
local declared, resolved = false, false

on("page", function(page)
  after(math.random(15, 120), function() ack(page) end)
end)

on("incident_acknowledged", function()
  if declared then return end
  declared = true
  declare("web fails about a third of its requests")
  severity("SEV-2")
  role("commander", "responder")
  investigate("web")
  status("We are investigating failed requests at web since its deploy.")
  after(math.random(30, 240), function()
    mitigate("rollback", "web")
    rootcause("web", "bad-deploy")
    status("Rolling web back to v1: the errors started with v2.")
  end)
end)

on("mitigation_done", "web", function()
  status("web is rolled back; errors are back to normal. Monitoring before resolving.")
end)

on("incident_resolved", function()
  if declared and not resolved then
    resolved = true
    status("Resolved: web answers normally again.")
    resolve()
  end
end)
