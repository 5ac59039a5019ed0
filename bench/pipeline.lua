-- pipeline.lua: sends PIPELINE_DEPTH (default 16) GET requests per write on each connection
-- (HTTP/1.1 pipelining, as TechEmpower's plaintext test does), then prints the same summary line
-- as report.lua. wrk counts every response; latency is per response, from the write of its batch.
local depth = tonumber(os.getenv("PIPELINE_DEPTH") or "16")
local batch

init = function(args)
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format(nil)
  end
  batch = table.concat(r)
end

request = function()
  return batch
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d p50_us=%d p99_us=%d max_us=%d errors=%d non2xx=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write + e.timeout, e.status))
end
