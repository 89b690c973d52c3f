-- New slots of a loaded service (an unloaded one reads them from MySQL when it loads).
-- ARGV: slot, seats, start (ms), slot, seats, start, ...
if not redis.call('HGET', KEYS[1], 'release') then return 0 end
for i = 1, #ARGV, 3 do
  redis.call('HSETNX', KEYS[2], ARGV[i], ARGV[i + 1])
  redis.call('HSETNX', KEYS[3], ARGV[i], ARGV[i + 2])
end
return 1
