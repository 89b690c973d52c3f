-- The booking is over (verified, no-show) but its seat stays taken: the member may book again.
-- ARGV: member, booking entry.
if redis.call('HGET', KEYS[4], ARGV[1]) ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[4], ARGV[1])
return 1
