-- The reference responder of database-outage: what a good on-call does, at
-- a human pace. `firedrill run` runs it (unless --no-responder).
--
-- Every page view fails: SEV-1 at once. Several teams are paged for their
-- symptoms; the data team's page is for the cause. db's logs show it shut
-- down after an I/O error: restart it (crash recovery takes its 2-minute
-- startup) and keep stakeholders informed at SEV-1 cadence.

local ME = "responder"
local declared, resolved, restarted = false, false, false

local function all_pages_resolved()
  for _, incident in ipairs(incidents()) do
    if incident.state ~= "resolved" then return false end
  end
  return true
end

on("page", function(page)
  after("1m", function() ack(page) end)
end)

-- Whether db says it shut down (its last few minutes of logs).
local function db_shut_down()
  for _, line in ipairs(logs("db", "10m")) do
    if line.message:find("shut down", 1, true) then return true end
  end
  return false
end

local updates
on("incident_acknowledged", function()
  if declared then return end
  declared = true
  declare("Shop down: every page fails")
  severity("SEV-1")
  role("commander", ME)
  status("The shop is down for every customer. We are investigating.")
  investigate("frontend")
  -- SEV-1 cadence: an update every 15 minutes until resolved.
  updates = every("15m", function()
    if not resolved then status("Still working on the outage; next update in 15 minutes.") end
  end)
  after("2m", function()
    investigate("db")
    if db_shut_down() and not restarted then
      restarted = true
      mitigate("restart", "db")
      rootcause("db", "outage")
      status("The database stopped after a disk I/O error. We are restarting it; crash " ..
             "recovery takes about two minutes.")
    end
  end)
end)

on("mitigation_done", "db", function(m)
  if m.action == "restart" then
    status("The database is back and pages load again. Monitoring; the data team is checking " ..
           "the disk.")
  end
end)

on("incident_resolved", function()
  if declared and not resolved and all_pages_resolved() then
    resolved = true
    if updates then updates:cancel() end
    status("Resolved: the shop works again. A postmortem will follow.")
    resolve()
  end
end)
