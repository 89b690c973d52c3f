-- Request generator for bench/jobs.sh (see bench_wrk in bench/lib.sh).
-- Environment:
--   GEN_MODE   search (default: GET /jobs?q=快递) | nearest (random point, GEN_RADIUS) | mix (warm-up: ping, both in turn)
--   GEN_RADIUS metres (default 5000)
-- Every nearest-first request asks from a fresh uniformly random point of the seeded city box.

local LAT0, LAT1 = 31.0, 31.4
local LNG0, LNG1 = 121.2, 121.7
-- 快递, percent-encoded
local Q = "%E5%BF%AB%E9%80%92"

local mode, radius
local turn = 0

function gen_init(thread_id)
  mode = os.getenv("GEN_MODE") or "search"
  radius = tonumber(os.getenv("GEN_RADIUS") or "5000")
end

local function search()
  return wrk.format("GET", "/api/v1/jobs?q=" .. Q)
end

local function nearest(r)
  local lat = LAT0 + math.random() * (LAT1 - LAT0)
  local lng = LNG0 + math.random() * (LNG1 - LNG0)
  return wrk.format("GET", string.format("/api/v1/jobs?lat=%.6f&lng=%.6f&radius=%d", lat, lng, r))
end

function gen_request()
  if mode == "mix" then
    turn = turn + 1
    local k = turn % 3
    if k == 0 then return wrk.format("GET", "/api/v1/ping") end
    if k == 1 then return search() end
    return nearest(5000)
  end
  if mode == "nearest" then return nearest(radius) end
  return search()
end
