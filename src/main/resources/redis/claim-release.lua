local cur = redis.call('HGET', KEYS[3], ARGV[1])
if cur ~= ARGV[2] then return 0 end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('ZREM', KEYS[4], ARGV[1])
redis.call('INCR', KEYS[2])
return 1
