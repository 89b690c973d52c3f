if redis.call('ZCARD', KEYS[4]) > 0 then return 0 end
local cur = redis.call('GET', KEYS[2])
if cur == ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
