-- Request generator for bench/claims.sh and bench/water.sh. Every request: BENCH_METHOD BENCH_PATH with
--   Authorization: the next line of BENCH_TOKENS (a file), or BENCH_AUTH (one token) if no file;
--   body: the next line of BENCH_BODIES (a file), or BENCH_BODY (one body), or none.
-- Thread i starts at line i and steps by 2 (wrk runs 2 threads), round and round.
local tokens, bodies = {}, {}
local pos = 1
local method, path, auth, body

local function lines(file, into)
  if file and file ~= "" then for line in io.lines(file) do into[#into + 1] = line end end
end

function gen_init(thread_id)
  lines(os.getenv("BENCH_TOKENS"), tokens)
  lines(os.getenv("BENCH_BODIES"), bodies)
  pos = thread_id
  method = os.getenv("BENCH_METHOD") or "GET"
  path = os.getenv("BENCH_PATH")
  auth = os.getenv("BENCH_AUTH")
  body = os.getenv("BENCH_BODY")
end

local function pick(list, i)
  return list[((i - 1) % #list) + 1]
end

function gen_request()
  local headers = { ["Content-Type"] = "application/json" }
  local token = #tokens > 0 and pick(tokens, pos) or auth
  if token then headers["Authorization"] = "Bearer " .. token end
  local b = #bodies > 0 and pick(bodies, pos) or body
  pos = pos + 2
  return wrk.format(method, path, headers, b)
end
