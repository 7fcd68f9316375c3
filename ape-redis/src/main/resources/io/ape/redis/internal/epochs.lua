-- APE RevocationRegistry.epochs: the epochs of everything, a tenant and a session, read together;
-- each existing epoch's expiry is renewed (an epoch in use never expires).
-- KEYS: global, tenant, session   ARGV[1]: ttl ms
local out = {}
for i = 1, 3 do
  local v = redis.call('GET', KEYS[i])
  if v then
    redis.call('PEXPIRE', KEYS[i], ARGV[1])
    out[i] = tonumber(v)
  else
    out[i] = 0
  end
end
return out
