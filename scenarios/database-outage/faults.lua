-- database-outage: at 09:15 PostgreSQL gets an I/O error while flushing a
-- data file and shuts itself down (a PANIC). Its supervisor is configured
-- not to restart it, so db stays down: every service that needs it fails,
-- and every page view with them (sessions are in db).
--
-- It ends when someone restarts db (crash recovery then takes db's 2 minute
-- startup), or by itself 45 minutes after it started, when the data team's
-- DBA notices and restarts it.

local db = service("db")

local OUTAGE_AT = "15m"
local DBA_NOTICES_AFTER = "45m"

local down = false       -- the outage is under way
local recovered = false  -- someone brought db back
local by_dba = false     -- ... and it was the DBA, not the responders
local dba_timer          -- the DBA's restart, cancelled if a trainee is faster

local function recover(how)
  if not down or recovered then return end
  recovered = true
  if dba_timer then dba_timer:cancel() end
  db:clear_faults()      -- db starts again: back after its 2 minute startup
  log(db, "info", "database system was interrupted; last known up at 09:15:00 (" .. how .. ")")
  log(db, "info", "database system was not properly shut down; automatic recovery in progress")
end

-- A hint in the logs before it happens, for those who look.
at("13m", function()
  log(db, "warn", "checkpoint complete: wrote 18214 buffers (11.1%); sync time=41.902 s (I/O is slow on /var/lib/postgresql)")
end)

at(OUTAGE_AT, function()
  log(db, "error", 'PANIC: could not fsync file "base/16384/2619": Input/output error')
  log(db, "error", "checkpointer process (PID 1187) was terminated by signal 6: Aborted")
  log(db, "info", "terminating any other active server processes; database system is shut down")
  db:outage{ fraction = 1 }
  down = true
  dba_timer = after(DBA_NOTICES_AFTER, function()
    by_dba = true
    recover("restarted by the data team's DBA")
  end)
end)

-- A restart of db by a responder ends the outage.
on("restart", db, function(ev)
  if ev.reason == "manual" then recover("restarted by the incident responders") end
end)

-- Once, when db is back after the outage.
local back
back = on("replica_ready", db, function()
  if not recovered then return end
  back:cancel()
  log(db, "info", "redo done; database system is ready to accept connections")
  if by_dba then
    inject("Data team (DBA on call) in #incidents: 'db had stopped after an I/O error " ..
           "on its data volume; I restarted it and it is up again. Looking at the disk now.'")
  end
end)

-- The outside world notices.
at("18m", function()
  if not recovered then
    inject("Support: the shop shows 'Internal Server Error' on every page, for every " ..
           "customer. The phone queue is at 40 and growing.")
  end
end)
at("25m", function()
  if not recovered then
    inject("The VP of e-commerce in #incidents: 'Is the whole site down? I need an ETA " ..
           "and a status page update in the next 10 minutes.'")
  end
end)
at("45m", function()
  if not recovered then
    inject("Social media team: customers are posting screenshots of the error page; " ..
           "a competitor is running ads on our brand name.")
  end
end)

