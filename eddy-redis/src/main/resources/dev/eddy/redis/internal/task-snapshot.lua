-- Reads what a new watcher of a task needs: KEYS[1] its hash, KEYS[2] its log. ARGV[1]: the event
-- id to resume after. Returns {} if there is no such task, else {last, dropped, state, then id,
-- type, data, time for each retained event after that id (all of them if it is above last)}.
local last = redis.call('HGET', KEYS[1], 'last')
if not last then
  return {}
end
local out = {last, redis.call('HGET', KEYS[1], 'dropped'), redis.call('HGET', KEYS[1], 'state')}
local after = tonumber(ARGV[1])
local start = '-'
if after <= tonumber(last) then
  start = '(' .. ARGV[1] .. '-0'
end
for _, e in ipairs(redis.call('XRANGE', KEYS[2], start, '+')) do
  table.insert(out, e[1])
  table.insert(out, e[2][2])
  table.insert(out, e[2][4])
  table.insert(out, e[2][6])
end
return out
