local web = service("web")

local function pick_target(targets)
  return targets.primary.name -- targets.primary is nil
end

at("5m", function()
  web:errors{ rate = 0.1 }
  pick_target({})
end)
