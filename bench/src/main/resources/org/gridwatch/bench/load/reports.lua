-- wrk script: riders POST reports, each request a new report of about 1 KB.
-- wrk ... -s reports.lua URL -- <data dir> <delay ms between requests per connection, 0 = as fast as possible>
-- The data dir holds tokens.txt (one rider's bearer token per line; empty lines mean no header, for the ceiling)
-- and points.txt ("lat lon category" per line). done() prints one line "WRK_RESULT {json}".

local threads = {}
local tokens, points = {}, {}
local delay_ms = 0
counts = {} -- global: done() reads each thread's with thread:get
local sent = 0

local function lines(path)
  local t = {}
  for line in io.lines(path) do t[#t + 1] = line end
  return t
end

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

function init(args)
  tokens = lines(args[1] .. "/tokens.txt")
  points = lines(args[1] .. "/points.txt")
  delay_ms = tonumber(args[2] or "0")
  math.randomseed(os.time() * 1000 + id)
end

local hex = "0123456789abcdef"
local function uuid()
  local s = {}
  for i = 1, 32 do
    local n = math.random(1, 16)
    if i == 13 then n = 5 end          -- version 4
    if i == 17 then n = 9 + (n % 4) end -- variant 10xx
    s[#s + 1] = hex:sub(n, n)
    if i == 8 or i == 12 or i == 16 or i == 20 then s[#s + 1] = "-" end
  end
  return table.concat(s)
end

-- About 900 bytes of description: a rider's words are short, but the issue's reference load is 1 KB reports.
local filler = string.rep("路面有明显坑洼，电动车和行人经过时存在安全隐患，请尽快处理。", 10)

request = function()
  sent = sent + 1
  local token = tokens[math.random(1, #tokens)]
  local lat, lon, category = points[math.random(1, #points)]:match("(%S+) (%S+) (%S+)")
  local body = '{"reportId":"' .. uuid() .. '","category":"' .. category .. '","description":"' .. filler ..
      '","location":{"lat":' .. lat .. ',"lon":' .. lon .. ',"accuracyM":8}}'
  local headers = { ["Content-Type"] = "application/json" }
  if token ~= "" then headers["Authorization"] = "Bearer " .. token end
  return wrk.format("POST", nil, headers, body)
end

response = function(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

delay = function()
  return delay_ms
end

done = function(summary, latency, requests)
  local status = {}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do status[tostring(k)] = (status[tostring(k)] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(status) do parts[#parts + 1] = '"' .. k .. '":' .. v end
  io.write(string.format('WRK_RESULT {"requests":%d,"duration_us":%d,"connect_errors":%d,"read_errors":%d,' ..
      '"write_errors":%d,"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"status":{%s}}\n',
      summary.requests, summary.duration, summary.errors.connect, summary.errors.read, summary.errors.write,
      summary.errors.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      table.concat(parts, ",")))
end
