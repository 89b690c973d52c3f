-- Sets seats to what MySQL says is left, but only when no reservation is in flight (they would be
-- counted twice). ARGV: slot, seats, slot, seats, ...
if redis.call('ZCARD', KEYS[5]) > 0 or not redis.call('HGET', KEYS[1], 'release') then return 0 end
local changed = 0
for i = 1, #ARGV, 2 do
  if redis.call('HGET', KEYS[2], ARGV[i]) ~= ARGV[i + 1] then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    changed = changed + 1
  end
end
return changed
