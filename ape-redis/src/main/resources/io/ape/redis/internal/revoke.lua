-- APE RevocationRegistry.revoke*: advances one epoch and renews its expiry. KEYS[1]; ARGV[1] ttl ms
local v = redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return v
