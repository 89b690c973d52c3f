local cur = redis.call('GET', KEYS[1])
if cur then
  local v = tonumber(string.match(cur, '^(%d+)|'))
  if v and v > tonumber(ARGV[1]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1] .. '|' .. ARGV[2])
redis.call('HSET', KEYS[3], ARGV[5], ARGV[1])
for i = 4, #KEYS do redis.call('ZREM', KEYS[i], ARGV[5]) end
if ARGV[2] == '' then redis.call('ZREM', KEYS[2], ARGV[5])
else
  redis.call('GEOADD', KEYS[2], ARGV[3], ARGV[4], ARGV[5])
  redis.call('GEOADD', KEYS[3 + tonumber(ARGV[6])], ARGV[3], ARGV[4], ARGV[5])
end
return 1
