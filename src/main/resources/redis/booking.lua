-- One tap: release time, slot start, eligibility, one live booking per member per service, seats
-- left; takes a reservation. ARGV: member, now (ms), the member's marks (member/Audience.marks), slot.
-- The meta's 'audience' is the service's Audience.requirements(). Loaded after eligible.lua (the rule).
local meta = redis.call('HMGET', KEYS[1], 'release', 'audience')
if not meta[1] or not meta[2] then return {'NOT_LOADED'} end
local starts = redis.call('HGET', KEYS[3], ARGV[4])
local left = redis.call('HGET', KEYS[2], ARGV[4])
if not starts or not left then return {'NO_SLOT'} end
local now = tonumber(ARGV[2])
if now < tonumber(meta[1]) then return {'NOT_OPEN'} end
if now >= tonumber(starts) then return {'PAST'} end
if not eligible(meta[2], ARGV[3]) then return {'NOT_ELIGIBLE'} end
local existing = redis.call('HGET', KEYS[4], ARGV[1])
if existing then return {'DUPLICATE', existing} end
if tonumber(left) <= 0 then return {'FULL'} end
redis.call('HINCRBY', KEYS[2], ARGV[4], -1)
local r = 'R:' .. ARGV[4] .. ':' .. ARGV[2]
redis.call('HSET', KEYS[4], ARGV[1], r)
redis.call('ZADD', KEYS[5], ARGV[2], ARGV[1])
return {'RESERVED', '', r}
