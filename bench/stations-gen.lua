-- Request generator for bench/stations.sh (see bench_wrk in bench/lib.sh).
-- Environment:
--   GEN_MODE   nearby (default) | mix (warm-up: ping, nearby 1500 and nearby 5000+type in turn)
--   GEN_RADIUS metres (default 1500)
--   GEN_TYPE   empty: no type filter; RANDOM: one of the six types per request; else that type
-- Every nearby request asks from a fresh uniformly random point of the seeded city box.

local LAT0, LAT1 = 31.0, 31.4
local LNG0, LNG1 = 121.2, 121.7
local TYPES = { "WATER_STATION", "OUTDOOR_WORKER_STATION", "DRIVERS_HOME", "MOTHER_ROOM", "CANTEEN", "SERVICE_CENTER" }

local mode, radius, typ
local turn = 0

function gen_init(thread_id)
  mode = os.getenv("GEN_MODE") or "nearby"
  radius = tonumber(os.getenv("GEN_RADIUS") or "1500")
  typ = os.getenv("GEN_TYPE") or ""
end

local function nearby(r, t)
  local lat = LAT0 + math.random() * (LAT1 - LAT0)
  local lng = LNG0 + math.random() * (LNG1 - LNG0)
  local path = string.format("/api/v1/stations/nearby?lat=%.6f&lng=%.6f&radius=%d", lat, lng, r)
  if t == "RANDOM" then
    path = path .. "&type=" .. TYPES[math.random(#TYPES)]
  elseif t ~= "" then
    path = path .. "&type=" .. t
  end
  return wrk.format("GET", path)
end

function gen_request()
  if mode == "mix" then
    turn = turn + 1
    local k = turn % 3
    if k == 0 then return wrk.format("GET", "/api/v1/ping") end
    if k == 1 then return nearby(1500, "") end
    return nearby(5000, "RANDOM")
  end
  return nearby(radius, typ)
end
