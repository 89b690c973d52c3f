-- Request generator for bench/claims.sh: POST /benefits/{id}/claims, each request with the next
-- member's token (thread i takes tokens i, i+2, i+4, ... round and round).
local tokens = {}
local pos = 1
local path = ""

function gen_init(thread_id)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  pos = thread_id
  path = os.getenv("BENCH_PATH")
end

function gen_request()
  local t = tokens[pos]
  pos = pos + 2
  if pos > #tokens then pos = (pos % 2) + 1 end
  return wrk.format(os.getenv("BENCH_METHOD") or "POST", path, { ["Authorization"] = "Bearer " .. t })
end
