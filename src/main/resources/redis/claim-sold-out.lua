-- What a replica keeps in memory while a benefit is sold out (benefit/SoldOutFlags): false unless it is
-- (meta and stock loaded, stock <= 0); else opens, closes, audience, then the :members hash as member,
-- entry pairs, so a sold-out tap is answered without Redis for winners (their claim) and losers alike.
local meta = redis.call('HMGET', KEYS[1], 'opens', 'closes', 'audience')
local left = redis.call('GET', KEYS[2])
if not meta[1] or not meta[3] or not left or tonumber(left) > 0 then return false end
local out = {meta[1], meta[2], meta[3]}
local members = redis.call('HGETALL', KEYS[3])
for i = 1, #members do out[#out + 1] = members[i] end
return out
