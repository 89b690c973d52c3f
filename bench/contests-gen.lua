-- Request generator for bench/contests.sh: each line of BENCH_LINES is "<token> <path>" (one member's own
-- attempt); every request is a POST of BENCH_BODY to that path with that token. Thread i starts at line i
-- and steps by 2 (wrk runs 2 threads); past the end it wraps, and those repeats are answered 409
-- ATTEMPT_ALREADY_ANSWERED (counted as 4xx, not as scored answers).
local lines = {}
local pos = 1
local body

function gen_init(thread_id)
  for line in io.lines(os.getenv("BENCH_LINES")) do
    local token, path = line:match("^(%S+) (%S+)$")
    lines[#lines + 1] = { token, path }
  end
  body = os.getenv("BENCH_BODY")
  pos = thread_id
end

function gen_request()
  local l = lines[((pos - 1) % #lines) + 1]
  pos = pos + 2
  return wrk.format("POST", l[2], { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. l[1] }, body)
end
