-- APE LimitLedger.used: the uses a window counts at ARGV[1] (ms), without changing anything.
-- KEYS[1] the window; ARGV: now, kind ('x' | 'b'), window ms, bucket width ms
local now, kind, w, width = tonumber(ARGV[1]), ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local k = KEYS[1]
local BUCKETS = 256
local t = now
if kind == 'x' then
  local newest = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
  if newest[2] and tonumber(newest[2]) > t then t = tonumber(newest[2]) end
  return redis.call('ZCOUNT', k, '(' .. string.format('%.0f', t - w), '+inf')
end
local latest = tonumber(redis.call('HGET', k, 't') or '-1')
if latest > t then t = latest end
local c = math.floor(t / width)
local fields = redis.call('HGETALL', k)
local total = 0
for j = 1, #fields, 2 do
  if fields[j] ~= 't' and tonumber(fields[j]) >= c - BUCKETS then total = total + tonumber(fields[j + 1]) end
end
return total
