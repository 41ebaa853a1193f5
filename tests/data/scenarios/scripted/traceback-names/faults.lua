local opts = { retries = 1, jitter = true, backoff = 2 }
local function roll()
  local n = 0
  for _ in pairs(opts) do n = n + 1 end
  return random(n + 2, 1)
end
at("1m", function() table.sort({ 3, 1, 2 }, function(a, b) return a < roll() end) end)
