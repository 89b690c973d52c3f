-- Seals the live view counters as a batch and returns every pending batch id.
-- KEYS: live hash, the new batch's key, the pending set; ARGV[1] the new batch id.
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('RENAME', KEYS[1], KEYS[2])
  redis.call('SADD', KEYS[3], ARGV[1])
end
return redis.call('SMEMBERS', KEYS[3])
