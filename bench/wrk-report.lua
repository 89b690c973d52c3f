-- Reporting half of every bench/ wrk script (bench_wrk in bench/lib.sh puts an optional request
-- generator in front of it). Prints one parseable line:
--   WRK label=L requests=N duration_s=S rps=R p50_ms=.. p90_ms=.. p99_ms=.. max_ms=.. non2xx=N
--       s4xx=N s5xx=N sock_connect=N sock_read=N sock_write=N sock_timeout=N bytes_per_req=B
-- Latencies are wrk's (microseconds → ms); wrk 4 does not correct for coordinated omission.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

-- per-thread state (each wrk thread has its own Lua state)
non2xx = 0
s4xx = 0
s5xx = 0
local default_request = nil

function init(args)
  math.randomseed(os.time() * 1000 + (id or 0) * 7919)
  if gen_init then gen_init(id or 0) end
  default_request = wrk.format(nil, nil)
end

function request()
  if gen_request then return gen_request() end
  return default_request
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    if status >= 500 then s5xx = s5xx + 1 elseif status >= 400 then s4xx = s4xx + 1 end
  end
end

function done(summary, latency, requests)
  local n2, n4, n5 = 0, 0, 0
  for _, t in ipairs(threads) do
    n2 = n2 + (t:get("non2xx") or 0)
    n4 = n4 + (t:get("s4xx") or 0)
    n5 = n5 + (t:get("s5xx") or 0)
  end
  local secs = summary.duration / 1e6
  local e = summary.errors
  local reqs = summary.requests
  io.write(string.format(
    "WRK label=%s requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f " ..
    "non2xx=%d s4xx=%d s5xx=%d sock_connect=%d sock_read=%d sock_write=%d sock_timeout=%d bytes_per_req=%d\n",
    os.getenv("BENCH_LABEL") or "run", reqs, secs, reqs / secs,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    n2, n4, n5, e.connect, e.read, e.write, e.timeout,
    reqs > 0 and math.floor(summary.bytes / reqs) or 0))
end
