if redis.call('EXISTS', KEYS[2]) == 0 then return false end
local found = redis.call('GEOSEARCH', KEYS[1], 'FROMLONLAT', ARGV[1], ARGV[2], 'BYRADIUS', ARGV[3], 'm', 'ASC',
  'COUNT', ARGV[4], 'WITHDIST')
if #found == 0 then return {} end
local ids = {}
for i, hit in ipairs(found) do ids[i] = hit[1] end
local versions = redis.call('HMGET', KEYS[3], unpack(ids))
local out = {}
for i, hit in ipairs(found) do
  out[#out + 1] = hit[1]
  out[#out + 1] = hit[2]
  out[#out + 1] = versions[i] or '0'
end
return out
