#include "scripting/sandbox_prelude.h"

namespace firedrill::scripting {

// Receives the raw functions it wraps; nothing else of the host is visible.
const char* const kSandboxPrelude = R"lua(
local raw = ...
local type, error, rawget, select, setmetatable, getmetatable =
  type, error, rawget, select, setmetatable, getmetatable
local raw_next, raw_tostring, raw_getmetatable = raw.next, raw.tostring, raw.getmetatable
local handle_order, emit_print = raw.handle_order, raw.print
local concat, find, gsub, format = table.concat, string.find, string.gsub, string.format
local floor, min, math_type = math.floor, math.min, math.type

-- table.sort: Lua's quicksort picks pivots from the clock when a partition
-- is unbalanced, so the order of equal elements (and the comparator's calls)
-- would differ between runs. This is a stable merge sort in Lua: the same
-- result every time, and its work counts against the instruction budget.
local function sort(list, less_than)
  if type(list) ~= "table" then
    error("bad argument #1 to 'sort' (table expected, got " .. type(list) .. ")", 2)
  end
  local lt = less_than or function(a, b) return a < b end
  local n = #list
  if n < 2 then return end
  local from, to = {}, {}
  for i = 1, n do from[i] = list[i] end
  local width = 1
  while width < n do
    local lo = 1
    while lo <= n do
      local mid, hi = lo + width, lo + 2 * width
      if mid > n + 1 then mid = n + 1 end
      if hi > n + 1 then hi = n + 1 end
      local i, j, k = lo, mid, lo
      while i < mid and j < hi do
        if lt(from[j], from[i]) then
          to[k] = from[j]; j = j + 1
        else
          to[k] = from[i]; i = i + 1
        end
        k = k + 1
      end
      while i < mid do to[k] = from[i]; i = i + 1; k = k + 1 end
      while j < hi do to[k] = from[j]; j = j + 1; k = k + 1 end
      lo = hi
    end
    from, to = to, from
    width = width * 2
  end
  for i = 1, n do list[i] = from[i] end
end
table.sort = sort

-- table.insert, table.remove and table.move loop in C over ranges a script
-- chooses (or a __len metamethod invents), out of the budget's sight. These
-- do the same in Lua, so that the budget sees every step.
local function check_integer(value, n, name)
  if math_type(value) ~= "integer" then
    if type(value) == "number" and value == floor(value) then return floor(value) end
    error("bad argument #" .. n .. " to '" .. name .. "' (number has no integer representation)", 3)
  end
  return value
end

function table.insert(t, ...)
  local count = select("#", ...)
  local size = #t
  if count == 1 then
    t[size + 1] = ...
    return
  end
  if count ~= 2 then error("wrong number of arguments to 'insert'", 2) end
  local pos, value = ...
  pos = check_integer(pos, 2, "insert")
  if pos < 1 or pos > size + 1 then
    error("bad argument #2 to 'insert' (position out of bounds)", 2)
  end
  for i = size, pos, -1 do t[i + 1] = t[i] end
  t[pos] = value
end

function table.remove(t, pos)
  local size = #t
  if pos == nil then pos = size else pos = check_integer(pos, 2, "remove") end
  if size + 1 == pos then
    local value = t[pos]
    t[pos] = nil
    return value
  end
  if size == 0 and pos == 0 then return t[pos] end
  if pos < 1 or pos > size + 1 then
    error("bad argument #2 to 'remove' (position out of bounds)", 2)
  end
  local value = t[pos]
  for i = pos, size - 1 do t[i] = t[i + 1] end
  t[size] = nil
  return value
end

function table.move(a1, f, e, t, a2)
  f, e, t = check_integer(f, 2, "move"), check_integer(e, 3, "move"), check_integer(t, 4, "move")
  a2 = a2 or a1
  if e >= f then
    if t > e or t <= f or a1 ~= a2 then
      for i = 0, e - f do a2[t + i] = a1[f + i] end
    else
      for i = e - f, 0, -1 do a2[t + i] = a1[f + i] end
    end
  end
  return a2
end

-- Key order for pairs and next: numbers ascending, then strings bytewise,
-- then false before true, then firedrill handles (services, traffic) in
-- scenario order. Lua's own order depends on per-process string hashing
-- and on addresses, so it would differ between runs.
local rank = { number = 1, string = 2, boolean = 3, userdata = 4 }

local function less(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return rank[ta] < rank[tb] end
  if ta == "boolean" then return (not a) and b end
  if ta == "userdata" then return handle_order(a) < handle_order(b) end
  return a < b
end

local function orderable(k)
  local tk = type(k)
  return rank[tk] and (tk ~= "userdata" or handle_order(k) ~= nil), tk
end

-- The table's keys, sorted. Called by pairs and next (level 3 is their caller).
local function sorted_keys(t)
  local keys, n = {}, 0
  local k = raw_next(t)
  while k ~= nil do
    local ok, tk = orderable(k)
    if not ok then
      error("pairs/next over a table with a " .. tk .. " key: that order is not reproducible " ..
            "between runs, so the sandbox refuses it (key the table by name or number)", 3)
    end
    n = n + 1
    keys[n] = k
    k = raw_next(t, k)
  end
  sort(keys, less)
  return keys, n
end

-- next(t, k) keeps the last sorted key list per table; a key no longer in
-- the table (cleared while iterating, as Lua allows) is placed by binary
-- search among the keys that remain.
local snapshots = setmetatable({}, { __mode = "k" })

local function next(t, k)
  if type(t) ~= "table" then
    error("bad argument #1 to 'next' (table expected, got " .. type(t) .. ")", 2)
  end
  local snap = snapshots[t]
  if k == nil or not snap then
    local keys, n = sorted_keys(t)
    local position = {}
    for i = 1, n do position[keys[i]] = i end
    snap = { keys = keys, n = n, position = position }
    snapshots[t] = snap
  end
  local i
  if k == nil then
    i = 1
  else
    i = snap.position[k]
    if i then
      i = i + 1
    else
      if not orderable(k) or rawget(t, k) ~= nil then error("invalid key to 'next'", 2) end
      local lo, hi = 1, snap.n + 1  -- the first key after k
      while lo < hi do
        local mid = (lo + hi) // 2
        if less(k, snap.keys[mid]) then hi = mid else lo = mid + 1 end
      end
      i = lo
    end
  end
  local keys = snap.keys
  while i <= snap.n do
    local key = keys[i]
    local value = rawget(t, key)
    if value ~= nil then return key, value end
    i = i + 1
  end
  return nil
end
_G.next = next

-- pairs: each loop iterates its own sorted snapshot of the keys, so nested
-- loops over one table (and clearing fields while iterating) just work.
function _G.pairs(t)
  local mt = raw_getmetatable(t)
  if mt and rawget(mt, "__pairs") then
    local f, s, c = rawget(mt, "__pairs")(t)
    return f, s, c
  end
  if type(t) ~= "table" then
    error("bad argument #1 to 'pairs' (table expected, got " .. type(t) .. ")", 2)
  end
  local keys, n = sorted_keys(t)
  local i = 0
  return function()
    i = i + 1
    while i <= n do
      local key = keys[i]
      local value = rawget(t, key)
      if value ~= nil then return key, value end
      i = i + 1
    end
    return nil
  end, t, nil
end

-- tostring never shows an address: objects get "table: #N", numbered in
-- the order the script first prints them.
local serials = setmetatable({}, { __mode = "k" })
local serial_count = 0
local addressed = { table = true, ["function"] = true, userdata = true, thread = true }

local function tostring(v)
  local tv = type(v)
  if addressed[tv] then
    local mt = raw_getmetatable(v)
    if not (mt and rawget(mt, "__tostring")) then
      local serial = serials[v]
      if not serial then
        serial_count = serial_count + 1
        serial = serial_count
        serials[v] = serial
      end
      local name = mt and rawget(mt, "__name")
      return (type(name) == "string" and name or tv) .. ": #" .. serial
    end
  end
  return raw_tostring(v)
end
_G.tostring = tostring

function _G.print(...)
  local n = select("#", ...)
  local parts = {}
  for i = 1, n do parts[i] = tostring((select(i, ...))) end
  emit_print(concat(parts, "\t"))
end

-- string.format: %p prints an address, and %s of a table calls the raw
-- tostring; both are closed.
function string.format(fmt, ...)
  if type(fmt) == "string" and find(gsub(fmt, "%%%%", ""), "%%[-+ #0]*%d*%.?%d*p") then
    error("string.format: '%p' is not available in scenario scripts (it prints an address)", 2)
  end
  local n = select("#", ...)
  local args = { ... }
  for i = 1, n do
    if addressed[type(args[i])] then args[i] = tostring(args[i]) end
  end
  return format(fmt, table.unpack(args, 1, n))
end

-- Pattern matching runs in C, out of the instruction budget's sight, and
-- backtracks: ".-.-b" over n bytes takes about n^3 steps. Each repetition
-- (*, +, -, ?) multiplies the worst case by the subject's length, so a call
-- whose worst case passes a bound is refused before it starts.
local kMaxPatternSteps = 2e9
local raw_find, raw_match, raw_gmatch, raw_gsub = string.find, string.match, string.gmatch,
  string.gsub

local function check_pattern_cost(name, s, pattern, plain)
  local ts, tp = type(s), type(pattern)
  if (ts ~= "string" and ts ~= "number") or (tp ~= "string" and tp ~= "number") then return end
  local n, m = #tostring(s), #tostring(pattern)
  local steps = n * m
  if not plain then
    local _, repetitions = raw_gsub(raw_gsub(tostring(pattern), "%%.", ""), "[%*%+%-%?]", "")
    if repetitions > 0 then steps = n ^ (min(repetitions, 6) + 1) end
  end
  if steps > kMaxPatternSteps then
    error(name .. ": this pattern over a " .. n .. "-byte string could backtrack for about " ..
          format("%.0e", steps) .. " steps; the sandbox refuses it (use a shorter string or " ..
          "fewer repetitions, or plain find)", 3)
  end
end

function string.find(s, pattern, init, plain)
  check_pattern_cost("string.find", s, pattern, plain)
  return raw_find(s, pattern, init, plain)
end
function string.match(s, pattern, init)
  check_pattern_cost("string.match", s, pattern, false)
  return raw_match(s, pattern, init)
end
function string.gmatch(s, pattern, init)
  check_pattern_cost("string.gmatch", s, pattern, false)
  return raw_gmatch(s, pattern, init)
end
function string.gsub(s, pattern, repl, n)
  check_pattern_cost("string.gsub", s, pattern, false)
  return raw_gsub(s, pattern, repl, n)
end

-- A finalizer would run whenever the collector gets to it.
function _G.setmetatable(t, mt)
  if type(mt) == "table" and rawget(mt, "__gc") ~= nil then
    error("setmetatable: __gc metamethods are not available in scenario scripts", 2)
  end
  return setmetatable(t, mt)
end

local raw_randomseed = math.randomseed
function math.randomseed(...)
  if select("#", ...) == 0 then
    error("math.randomseed needs a seed: without one it would differ between runs " ..
          "(the sandbox already seeds math.random from the scenario's seed)", 2)
  end
  return raw_randomseed(...)
end

-- What the sandbox leaves out says so, instead of "attempt to index a nil value".
local function refuse(what)
  error(what .. " is not available: scenario scripts run in a sandbox without files, " ..
        "processes or the operating system (see docs/lua-api.md, Sandbox)", 3)
end
for _, lib in ipairs({ "io", "os", "package", "debug", "coroutine" }) do
  _G[lib] = setmetatable({}, {
    __index = function(_, key) refuse(lib .. "." .. tostring(key)) end,
    __newindex = function(_, key) refuse(lib .. "." .. tostring(key)) end,
    __metatable = false,
  })
end
for _, name in ipairs({ "require", "dofile", "loadfile" }) do
  _G[name] = function() refuse(name) end
end
string.dump = function() refuse("string.dump") end
)lua";

}  // namespace firedrill::scripting
