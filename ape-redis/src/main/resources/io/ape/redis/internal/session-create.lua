-- APE SessionStore.create: stores a new session unless one with that id exists.
-- KEYS[1] the session; ARGV: tenant, user, createdAt, expiresAt, status, ttl ms. Returns 1 if created, 0 if it exists.
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'tenant', ARGV[1], 'user', ARGV[2], 'created', ARGV[3], 'expires', ARGV[4], 'status', ARGV[5])
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return 1
