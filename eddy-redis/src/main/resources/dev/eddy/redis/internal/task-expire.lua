-- Forgets finished tasks that ended before a cutoff (retention by age), at most a batch per call,
-- each once however many instances sweep: KEYS[1] finished (zset by end time), KEYS[2] the index,
-- KEYS[3] the change stream, KEYS[4] its counter, KEYS[5] the flag that some instance listens.
-- ARGV: 1 cutoff (ms), 2 batch size, 3 key prefix, 4 the change stream's length (MAXLEN ~).
-- Returns how many tasks it forgot. Their keys may have expired already (PEXPIRE): this reports
-- them to listeners and clears the sets.
local old = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local listening = redis.call('EXISTS', KEYS[5]) == 1
for _, id in ipairs(old) do
  redis.call('ZREM', KEYS[1], id)
  redis.call('ZREM', KEYS[2], id)
  redis.call('DEL', ARGV[3] .. 't:' .. id, ARGV[3] .. 'l:' .. id)
  local n = redis.call('INCR', KEYS[4])
  if listening then
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[4], '*', 's', n, 'f', id)
  end
end
return #old
