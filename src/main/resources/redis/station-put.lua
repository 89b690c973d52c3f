-- KEYS: the doc, the full GEO set, the versions hash, the change count ({stations}:changes), the change log
-- ({stations}:change-log: the station id of each of the last ARGV[7] changes, oldest first), the per-type GEO
-- sets. Returns the change's number in the count (0: an older version than the one stored, not written).
local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)|'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[1])
for i = 6, #KEYS do redis.call('ZREM', KEYS[i], ARGV[5]) end
if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[5])
else
  redis.call('GEOADD', KEYS[2], ARGV[3], ARGV[4], ARGV[5])
  redis.call('GEOADD', KEYS[5 + tonumber(ARGV[6])], ARGV[3], ARGV[4], ARGV[5])
end
redis.call('RPUSH', KEYS[5], ARGV[5])
redis.call('LTRIM', KEYS[5], -tonumber(ARGV[7]), -1)
return redis.call('INCR', KEYS[4])
