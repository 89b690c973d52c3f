local pid = redis.call('GET', KEYS[3])
if not pid then return false end
local exp = redis.call('ZSCORE', KEYS[2], ARGV[2])
redis.call('DEL', KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[2])
if not exp or tonumber(exp) <= tonumber(ARGV[1]) then return false end
return pid
