-- Appends a task's next event if the task is where the caller thinks it is (compare and set on its
-- last event id), in one step: log, snapshot, bounds, retention, and the change for listeners.
-- KEYS[1] hash, KEYS[2] log, KEYS[3] finished (zset by end time), KEYS[4] index, KEYS[5] the
-- owner's set of unfinished tasks, KEYS[6] the change stream, KEYS[7] its counter, KEYS[8] the
-- flag that some instance listens.
-- ARGV: 1 expected last id, 2 new id, 3 type, 4 data, 5 time (ms), 6 'state'|'progress'|'custom',
-- 7 '1' if final, 8 max middle events, 9 max middle bytes, 10 retain finished for (ms, 0: ever),
-- 11 retain at most (count), 12 key prefix, 13 task id, 14 the change stream's length (MAXLEN ~),
-- 15 the longest payload or result a change carries inline, 16.. snapshot field/value pairs.
-- Returns 'ok', 'gone' (no such task), 'finished' (it had ended) or 'conflict' (another append won).
local last = redis.call('HGET', KEYS[1], 'last')
if not last then
  return 'gone'
end
local state = redis.call('HGET', KEYS[1], 'state')
if state == 'succeeded' or state == 'failed' or state == 'cancelled' then
  return 'finished'
end
if last ~= ARGV[1] then
  return 'conflict'
end
local function size(t, d)
  return string.len(t) + string.len(d) + 32
end
-- Every change is numbered, so a reader that finds a number skipped knows it missed some; it is
-- written to the change stream only while an instance listens.
local function change(fields)
  local n = redis.call('INCR', KEYS[7])
  if redis.call('EXISTS', KEYS[8]) == 1 then
    redis.call('XADD', KEYS[6], 'MAXLEN', '~', ARGV[14], '*', 's', n, unpack(fields))
  end
end
local id = ARGV[2]
local kind = ARGV[6]
local bytes = tonumber(redis.call('HGET', KEYS[1], 'bytes') or '0')
if kind == 'progress' then
  -- a progress right after a progress replaces it
  local tail = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
  if #tail > 0 and tail[1][2][2] == 'progress' then
    redis.call('XDEL', KEYS[2], tail[1][1])
    bytes = bytes - size('progress', tail[1][2][4])
  end
  redis.call('HSET', KEYS[1], 'lp', id)
end
redis.call('XADD', KEYS[2], id .. '-0', 't', ARGV[3], 'd', ARGV[4], 'a', ARGV[5])
local fields = {}
for i = 16, #ARGV do
  table.insert(fields, ARGV[i])
end
redis.call('HSET', KEYS[1], 'last', id, unpack(fields))
-- the change: the event (a state event's data is the snapshot's JSON, so it is left out) and the
-- snapshot; a long payload or result is left for the reader to load ('D', 'R')
local inline = tonumber(ARGV[15])
local entry = {'i', ARGV[13], 'last', id, 't', ARGV[3], 'a', ARGV[5]}
if kind ~= 'state' then
  if string.len(ARGV[4]) <= inline then
    table.insert(entry, 'd')
    table.insert(entry, ARGV[4])
  else
    table.insert(entry, 'D')
    table.insert(entry, '1')
  end
end
for i = 16, #ARGV, 2 do
  if ARGV[i] == 'result' and string.len(ARGV[i + 1]) > inline then
    table.insert(entry, 'R')
    table.insert(entry, '1')
  else
    table.insert(entry, ARGV[i])
    table.insert(entry, ARGV[i + 1])
  end
end
change(entry)
if kind == 'state' then
  redis.call('HINCRBY', KEYS[1], 'states', 1)
else
  -- the middle of the log: at most max events and max bytes; the oldest that is neither a state
  -- change nor the latest progress goes first, and the highest id dropped is remembered (GAP)
  bytes = bytes + size(ARGV[3], ARGV[4])
  local middle = redis.call('XLEN', KEYS[2]) - tonumber(redis.call('HGET', KEYS[1], 'states'))
  local lp = redis.call('HGET', KEYS[1], 'lp')
  local dropped = tonumber(redis.call('HGET', KEYS[1], 'dropped'))
  local maxEvents, maxBytes = tonumber(ARGV[8]), tonumber(ARGV[9])
  while middle > 1 and (middle > maxEvents or bytes > maxBytes) do
    local victim = nil
    for _, e in ipairs(redis.call('XRANGE', KEYS[2], '-', '+', 'COUNT', 4)) do
      local t = e[2][2]
      if t ~= 'queued' and t ~= 'running' and string.match(e[1], '^(%d+)-') ~= lp then
        victim = e
        break
      end
    end
    if not victim then
      break
    end
    redis.call('XDEL', KEYS[2], victim[1])
    bytes = bytes - size(victim[2][2], victim[2][4])
    middle = middle - 1
    local n = tonumber(string.match(victim[1], '^(%d+)-'))
    if n > dropped then
      dropped = n
    end
  end
  redis.call('HSET', KEYS[1], 'dropped', dropped)
end
redis.call('HSET', KEYS[1], 'bytes', bytes)
if ARGV[7] == '1' then
  redis.call('SREM', KEYS[5], ARGV[13])
  redis.call('ZADD', KEYS[3], ARGV[5], ARGV[13])
  local retainFor = tonumber(ARGV[10])
  if retainFor > 0 then
    redis.call('PEXPIRE', KEYS[1], retainFor)
    redis.call('PEXPIRE', KEYS[2], retainFor)
  end
  local extra = redis.call('ZCARD', KEYS[3]) - tonumber(ARGV[11])
  if extra > 0 then
    local old = redis.call('ZPOPMIN', KEYS[3], extra)
    for i = 1, #old, 2 do
      redis.call('DEL', ARGV[12] .. 't:' .. old[i], ARGV[12] .. 'l:' .. old[i])
      redis.call('ZREM', KEYS[4], old[i])
      change({'f', old[i]})
    end
  end
end
return 'ok'
