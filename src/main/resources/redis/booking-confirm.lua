-- Marks the member's booking made. If the reservation was released meanwhile (a reconciler, or a
-- rebuild after Redis lost it), the seat it gave back is taken again: MySQL holds the booking.
-- ARGV: member, reservation, booking entry, slot.
local cur = redis.call('HGET', KEYS[4], ARGV[1])
redis.call('HSET', KEYS[4], ARGV[1], ARGV[3])
redis.call('ZREM', KEYS[5], ARGV[1])
if cur ~= ARGV[2] and (not cur or string.sub(cur, 1, 2) ~= 'B:') then redis.call('HINCRBY', KEYS[2], ARGV[4], -1) end
return 1
