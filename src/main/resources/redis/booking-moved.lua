-- A booking moved (MySQL has committed it): one seat from the new slot, one back to the old.
-- ARGV: member, new booking entry, old slot, new slot.
redis.call('ZREM', KEYS[5], ARGV[1])
if not redis.call('HGET', KEYS[1], 'release') then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[4], -1)
if redis.call('HEXISTS', KEYS[2], ARGV[3]) == 1 then redis.call('HINCRBY', KEYS[2], ARGV[3], 1) end
redis.call('HSET', KEYS[4], ARGV[1], ARGV[2])
return 1
