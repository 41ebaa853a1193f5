-- quick-fix: web v2 fails 30% of its requests; rolling back to v1 ends it.
local web = service("web")
deploy(web, "v1", "the release running since Monday")

at("2m", function()
  deploy(web, "v2", "web: new request validation")
  web:errors{ rate = 0.3 }
end)

on("rollback", web, function(ev)
  if ev.from == "v2" then web:clear_faults() end
end)
