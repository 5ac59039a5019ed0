-- Reads what a new subscription of a Hub channel needs: KEYS[1] its stream, KEYS[2] its meta hash.
-- ARGV: the id to resume after ('' for none), max age in ms (0: none), '1' if the channel keeps
-- history. Returns {last, floor, id, event, data, ...}: the channel's last id ('' if it has none:
-- then floor is the id any new message will be above), the floor (every id above it is still in
-- the stream; messages past the age go first, raising it), then the retained entries to replay:
-- after the id if it is in [floor, last], else all of them.
local function long(sid)
  local ms, seq = string.match(sid, '(%d+)-(%d+)')
  return tonumber(ms) * 1000 + tonumber(seq)
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = redis.call('HGET', KEYS[2], 'last')
if not last then
  -- hub-publish may give the first message now * 1000 itself, in this same millisecond
  return {'', string.format('%d', now * 1000 - 1)}
end
local floor = tonumber(redis.call('HGET', KEYS[2], 'floor') or '0')
local maxAge = tonumber(ARGV[2])
if maxAge > 0 then
  local cutoff = string.format('%d-0', now - maxAge)
  local older = redis.call('XREVRANGE', KEYS[1], '(' .. cutoff, '-', 'COUNT', 1)
  if #older > 0 then
    redis.call('XTRIM', KEYS[1], 'MINID', cutoff)
    local top = long(older[1][1])
    if top > floor then
      floor = top
      redis.call('HSET', KEYS[2], 'floor', string.format('%d', top))
    end
  end
end
local out = {last, string.format('%d', floor)}
if ARGV[1] ~= '' and ARGV[3] == '1' then
  local after = tonumber(ARGV[1])
  local start = '-'
  if after <= tonumber(last) and after >= floor then
    local ms = math.floor(after / 1000)
    start = string.format('(%d-%d', ms, after - ms * 1000)
  end
  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], start, '+')) do
    local fields = entry[2]
    local event, data = '', ''
    for i = 1, #fields, 2 do
      if fields[i] == 'e' then event = fields[i + 1] elseif fields[i] == 'd' then data = fields[i + 1] end
    end
    table.insert(out, entry[1])
    table.insert(out, event)
    table.insert(out, data)
  end
end
return out
