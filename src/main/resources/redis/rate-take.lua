-- INCR (setting the window's expiry on the first hit); refused and not counted when the window is
-- full: returns 0 then, else the new count.
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
if n > tonumber(ARGV[2]) then
    redis.call('DECR', KEYS[1])
    return 0
end
return n
