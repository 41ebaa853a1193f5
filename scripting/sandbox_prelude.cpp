#include "scripting/sandbox_prelude.h"

namespace firedrill::scripting {

// Receives the raw functions it wraps; nothing else of the host is visible.
const char* const kSandboxPrelude = R"lua(
local raw = ...
local type, error, rawget, select, setmetatable, getmetatable =
  type, error, rawget, select, setmetatable, getmetatable
local raw_next, raw_tostring, raw_getmetatable = raw.next, raw.tostring, raw.getmetatable
local handle_order, emit_print = raw.handle_order, raw.print
local sort, concat, find, gsub, format = table.sort, table.concat, string.find, string.gsub,
  string.format

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

local snapshots = setmetatable({}, { __mode = "k" })

local function snapshot(t)
  local keys, n = {}, 0
  local k = raw_next(t)
  while k ~= nil do
    local tk = type(k)
    if not rank[tk] or (tk == "userdata" and not handle_order(k)) then
      error("pairs/next over a table with a " .. tk .. " key: that order is not reproducible " ..
            "between runs, so the sandbox refuses it (key the table by name or number)", 3)
    end
    n = n + 1
    keys[n] = k
    k = raw_next(t, k)
  end
  sort(keys, less)
  local position = {}
  for i = 1, n do position[keys[i]] = i end
  local snap = { keys = keys, position = position, n = n }
  snapshots[t] = snap
  return snap
end

local function next(t, k)
  if type(t) ~= "table" then
    error("bad argument #1 to 'next' (table expected, got " .. type(t) .. ")", 2)
  end
  local snap, i
  if k == nil then
    snap, i = snapshot(t), 1
  else
    snap = snapshots[t]
    if not snap or not snap.position[k] then snap = snapshot(t) end
    i = snap.position[k]
    if not i then error("invalid key to 'next'", 2) end
    i = i + 1
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

function _G.pairs(t)
  local mt = raw_getmetatable(t)
  if mt and rawget(mt, "__pairs") then
    local f, s, c = rawget(mt, "__pairs")(t)
    return f, s, c
  end
  if type(t) ~= "table" then
    error("bad argument #1 to 'pairs' (table expected, got " .. type(t) .. ")", 2)
  end
  return next, t, nil
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
