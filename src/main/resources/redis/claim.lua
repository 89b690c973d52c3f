-- One tap: window, eligibility, duplicate, stock; takes a reservation. ARGV: member, now (ms), the
-- member's marks (member/Audience.marks); the meta's 'audience' is the benefit's Audience.requirements().
-- Loaded after eligible.lua (the rule).
local meta = redis.call('HMGET', KEYS[1], 'opens', 'closes', 'audience')
local left = redis.call('GET', KEYS[2])
if not meta[1] or not meta[3] or not left then return {'NOT_LOADED'} end
local now = tonumber(ARGV[2])
if now < tonumber(meta[1]) then return {'NOT_OPEN'} end
if now >= tonumber(meta[2]) then return {'CLOSED'} end
if not eligible(meta[3], ARGV[3]) then return {'NOT_ELIGIBLE'} end
local existing = redis.call('HGET', KEYS[3], ARGV[1])
if existing then return {'DUPLICATE', existing} end
if tonumber(left) <= 0 then return {'SOLD_OUT'} end
redis.call('DECR', KEYS[2])
local r = 'R:' .. ARGV[2]
redis.call('HSET', KEYS[3], ARGV[1], r)
redis.call('ZADD', KEYS[4], ARGV[2], ARGV[1])
return {'RESERVED', '', r}
