-- Sets stock to what MySQL says is left (ARGV[1]) — compare-and-set: only if no reservation is in flight
-- (they would be counted twice) and the stock is still what was seen before MySQL was read (ARGV[2]; a
-- claim or a confirm in between made that reading stale).
if redis.call('ZCARD', KEYS[4]) > 0 then return 0 end
local cur = redis.call('GET', KEYS[2])
if cur ~= ARGV[2] or cur == ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
