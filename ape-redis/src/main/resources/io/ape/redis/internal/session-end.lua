-- APE SessionStore.end: ends an ACTIVE session (final). KEYS[1]; ARGV[1] the new status. Returns 1 if it was ACTIVE.
if redis.call('HGET', KEYS[1], 'status') ~= 'ACTIVE' then return 0 end
redis.call('HSET', KEYS[1], 'status', ARGV[1])
return 1
