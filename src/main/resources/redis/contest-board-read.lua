-- The top of a contest's leaderboard and one member's place in it, in one round trip.
-- KEYS: the board (zset), the member -> entry hash, the "built" marker. ARGV: limit, member id.
-- Returns {0} when the board is not known to be complete (the caller reads MySQL and rebuilds), else
-- {1, size, {entry, score, ...}, mine entry, mine 0-based rank, mine score} (the last three only if ranked).
if redis.call('EXISTS', KEYS[3]) == 0 then
  return {0}
end
local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
local size = redis.call('ZCARD', KEYS[1])
local mine = redis.call('HGET', KEYS[2], ARGV[2])
if not mine then
  return {1, size, top}
end
local rank = redis.call('ZREVRANK', KEYS[1], mine)
if not rank then
  return {1, size, top}
end
return {1, size, top, mine, rank, redis.call('ZSCORE', KEYS[1], mine)}
