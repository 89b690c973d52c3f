-- Request generator for bench/soak.sh: mixed member traffic, round-robin over SOAK_MIX (a file, one request per
-- line: METHOD<TAB>PATH<TAB>AUTH(token|-)<TAB>BODY(-|json)); "{TOKEN}" in AUTH is the next member's token
-- (BENCH_TOKENS), "{N}" in a body a running number. Thread i starts at mix line i, token line i.
local mix, tokens = {}, {}
local pos, n = 1, 0

function gen_init(thread_id)
  for line in io.lines(os.getenv("BENCH_TOKENS")) do tokens[#tokens + 1] = line end
  for line in io.lines(os.getenv("SOAK_MIX")) do
    local m, p, a, b = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t(.*)$")
    mix[#mix + 1] = { m, p, a, b }
  end
  pos = thread_id
  n = thread_id * 1000000
end

function gen_request()
  local r = mix[((pos - 1) % #mix) + 1]
  local headers = { ["Content-Type"] = "application/json" }
  if r[3] ~= "-" then headers["Authorization"] = "Bearer " .. tokens[((pos - 1) % #tokens) + 1] end
  n = n + 1
  local body = r[4] ~= "-" and r[4]:gsub("{N}", tostring(n)) or nil
  pos = pos + 2
  return wrk.format(r[1], r[2], headers, body)
end
