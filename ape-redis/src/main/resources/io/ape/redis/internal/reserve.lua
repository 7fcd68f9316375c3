-- APE LimitLedger.reserve: checks every window and budget, then records in all of them, or in none.
-- Runs atomically (one EVALSHA); every key is in the ledger's hash-tag slot.
--
-- KEYS[1..nw]       windows (exact: sorted set of use times; bucketed: hash of bucket -> count, 't' -> latest)
-- KEYS[nw+1..nw+nb] budgets (string: total in micro-units)
-- ARGV[1] now (ms, the caller's clock)   ARGV[2] nw   ARGV[3] nb   ARGV[4] member (unique per reservation)
-- per window (4 each, from ARGV[5]): kind ('x' exact | 'b' bucketed), window ms, max, bucket width ms (0 for exact)
-- per budget (3 each, after the windows): amount (micro-units), max (micro-units, -1 = no limit), ttl ms
-- returns {1} when admitted and recorded; {0, index, retryAtMs} when refused (index: 1-based over windows
-- then budgets; retryAtMs -1 = never) and nothing was recorded.
local now = tonumber(ARGV[1])
local nw = tonumber(ARGV[2])
local nb = tonumber(ARGV[3])
local member = ARGV[4]
local BUCKETS = 256
local MARGIN = 1000
local times = {}
local cur = {}

local function fmt(x) return string.format('%.0f', x) end

for i = 1, nw do
  local k = KEYS[i]
  local a = 4 + (i - 1) * 4
  local kind, w, max, width = ARGV[a + 1], tonumber(ARGV[a + 2]), tonumber(ARGV[a + 3]), tonumber(ARGV[a + 4])
  local t = now
  if kind == 'x' then
    local newest = redis.call('ZRANGE', k, -1, -1, 'WITHSCORES')
    if newest[2] and tonumber(newest[2]) > t then t = tonumber(newest[2]) end
    redis.call('ZREMRANGEBYSCORE', k, '-inf', fmt(t - w))
    local n = redis.call('ZCARD', k)
    if n >= max then
      if max == 0 then return {0, i, -1} end
      local oldest = redis.call('ZRANGE', k, 0, 0, 'WITHSCORES')
      return {0, i, tonumber(oldest[2]) + w}
    end
  else
    local latest = tonumber(redis.call('HGET', k, 't') or '-1')
    if latest > t then t = latest end
    local c = math.floor(t / width)
    local fields = redis.call('HGETALL', k)
    local total, oldest = 0, nil
    for j = 1, #fields, 2 do
      local f = fields[j]
      if f ~= 't' then
        local b = tonumber(f)
        if b < c - BUCKETS then
          redis.call('HDEL', k, f)
        else
          total = total + tonumber(fields[j + 1])
          if oldest == nil or b < oldest then oldest = b end
        end
      end
    end
    if total >= max then
      if max == 0 or oldest == nil then return {0, i, -1} end
      return {0, i, (oldest + BUCKETS + 1) * width}
    end
    cur[i] = c
  end
  times[i] = t
end

local base = 4 + nw * 4
for j = 1, nb do
  local k = KEYS[nw + j]
  local a = base + (j - 1) * 3
  local amount, max = tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
  local total = tonumber(redis.call('GET', k) or '0')
  if max >= 0 and total + amount > max then return {0, nw + j, -1} end
end

for i = 1, nw do
  local k = KEYS[i]
  local a = 4 + (i - 1) * 4
  local w, width = tonumber(ARGV[a + 2]), tonumber(ARGV[a + 4])
  local t = times[i]
  if ARGV[a + 1] == 'x' then
    redis.call('ZADD', k, fmt(t), member)
    redis.call('PEXPIRE', k, fmt(t - now + w + MARGIN))
  else
    redis.call('HINCRBY', k, fmt(cur[i]), 1)
    redis.call('HSET', k, 't', fmt(t))
    redis.call('PEXPIRE', k, fmt(t - now + (BUCKETS + 1) * width + MARGIN))
  end
end
for j = 1, nb do
  local k = KEYS[nw + j]
  local a = base + (j - 1) * 3
  redis.call('INCRBY', k, ARGV[a + 1])
  redis.call('PEXPIRE', k, ARGV[a + 3])
end
return {1}
