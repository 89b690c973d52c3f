-- Puts members' best attempts on a contest's leaderboard, keeping each member's better entry: a higher
-- score wins; on equal scores the entry that sorts higher (earlier finish) wins. Safe in any order and
-- any number of times, so answers and a rebuild from MySQL can interleave.
-- KEYS: the board (zset), the member -> entry hash. ARGV: triples of member id, entry, score.
-- Returns how many entries changed.
local changed = 0
for i = 1, #ARGV, 3 do
  local member, entry, score = ARGV[i], ARGV[i + 1], tonumber(ARGV[i + 2])
  local old = redis.call('HGET', KEYS[2], member)
  local keep = false
  if old then
    if old == entry then
      keep = true
    else
      local oldScore = tonumber(redis.call('ZSCORE', KEYS[1], old))
      if oldScore and (oldScore > score or (oldScore == score and old > entry)) then
        keep = true
      else
        redis.call('ZREM', KEYS[1], old)
      end
    end
  end
  if not keep then
    redis.call('ZADD', KEYS[1], score, entry)
    redis.call('HSET', KEYS[2], member, entry)
    changed = changed + 1
  end
end
return changed
