-- Publishes one message to a Hub channel: KEYS[1] its stream, KEYS[2] its meta hash {last, floor}.
-- ARGV: event, data, history count, max age in ms (0: none), key TTL in ms.
-- The message id is ms * 1000 + seq with seq < 1000, from the server's clock, above the channel's
-- last id: stream id ms-seq. Returns that stream id.
--
-- Trimming is done here rather than with XADD's MAXLEN ~, so that the floor (the highest id
-- trimmed: every id above it is still in the stream) is known exactly, for resume's GAP. Past the
-- count it trims in batches of a tenth of the count (at most 100) with XTRIM MINID, so the stream
-- keeps between count and count + batch entries and a publish costs O(1) amortized.
local function long(sid)
  local ms, seq = string.match(sid, '(%d+)-(%d+)')
  return tonumber(ms) * 1000 + tonumber(seq)
end
local function sid(id)
  local ms = math.floor(id / 1000)
  return string.format('%d-%d', ms, id - ms * 1000)
end
local function raiseFloor(id)
  local floor = tonumber(redis.call('HGET', KEYS[2], 'floor') or '0')
  if id > floor then
    redis.call('HSET', KEYS[2], 'floor', string.format('%d', id))
  end
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = tonumber(redis.call('HGET', KEYS[2], 'last') or '0')
local id = math.max(now * 1000, last + 1)
if last == 0 then
  -- a new channel (or one whose keys expired): ids up to here are unknown to it
  redis.call('HSET', KEYS[2], 'floor', string.format('%d', id - 1))
end
redis.call('XADD', KEYS[1], sid(id), 'e', ARGV[1], 'd', ARGV[2])
redis.call('HSET', KEYS[2], 'last', string.format('%d', id))

local count = tonumber(ARGV[3])
local batch = math.min(100, math.ceil(count / 10))
local over = redis.call('XLEN', KEYS[1]) - count
if over >= batch then
  local gone = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', over)
  local top = long(gone[#gone][1])
  redis.call('XTRIM', KEYS[1], 'MINID', sid(top + 1))
  raiseFloor(top)
end
local maxAge = tonumber(ARGV[4])
if maxAge > 0 then
  local cutoff = string.format('%d-0', now - maxAge)
  local older = redis.call('XREVRANGE', KEYS[1], '(' .. cutoff, '-', 'COUNT', 1)
  if #older > 0 then
    redis.call('XTRIM', KEYS[1], 'MINID', cutoff)
    raiseFloor(long(older[1][1]))
  end
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return sid(id)
