-- What a replica that has applied the changes up to ARGV[1] is missing: the count ({stations}:changes), the
-- copy's generation marker ('' while there is none), then the station ids of the changes after ARGV[1] (oldest
-- first) — or no ids when the log ({stations}:change-log) no longer reaches back that far (the replica then
-- loads from MySQL).
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local out = {count, redis.call('GET', KEYS[3]) or ''}
local missing = count - tonumber(ARGV[1])
if missing <= 0 or missing > redis.call('LLEN', KEYS[2]) then return out end
for _, id in ipairs(redis.call('LRANGE', KEYS[2], -missing, -1)) do out[#out + 1] = id end
return out
