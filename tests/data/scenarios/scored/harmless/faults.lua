-- harmless: web v2 fails 0.02% of its requests.
local web = service("web")
deploy(web, "v1", "the release running since Monday")

at("2m", function()
  deploy(web, "v2", "web: new request validation")
  web:errors{ rate = 0.0002 }
end)
