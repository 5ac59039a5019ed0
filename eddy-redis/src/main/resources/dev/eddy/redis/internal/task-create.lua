-- Records a new task: KEYS[1] its hash, KEYS[2] its log stream, KEYS[3] the index (zset by
-- creation order), KEYS[4] the creation counter, KEYS[5] the set of owners, KEYS[6] the owner's
-- set of unfinished tasks. ARGV: task id, owner, event time (ms), first event's data, then the
-- snapshot's field/value pairs. Returns the creation order; an error if the id exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('a task with id ' .. ARGV[1] .. ' exists')
end
local seq = redis.call('INCR', KEYS[4])
local fields = {}
for i = 5, #ARGV do
  table.insert(fields, ARGV[i])
end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'seq', seq, 'last', 1, 'states', 1, 'bytes', 0, 'dropped', 0,
  'lp', 0, unpack(fields))
redis.call('XADD', KEYS[2], '1-0', 't', 'queued', 'd', ARGV[4], 'a', ARGV[3])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('SADD', KEYS[5], ARGV[2])
redis.call('SADD', KEYS[6], ARGV[1])
return seq
