local cur = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], 'C:' .. ARGV[3])
redis.call('ZREM', KEYS[4], ARGV[1])
if cur ~= ARGV[2] and (not cur or string.sub(cur, 1, 2) ~= 'C:') then redis.call('DECR', KEYS[2]) end
return 1
