-- Records a new task: KEYS[1] its hash, KEYS[2] its log stream, KEYS[3] the index (zset by
-- creation order), KEYS[4] the creation counter, KEYS[5] the set of owners, KEYS[6] the owner's
-- set of unfinished tasks, KEYS[7] the change stream, KEYS[8] its counter, KEYS[9] the flag that
-- some instance listens. ARGV: task id, owner, event time (ms), first event's data, the change
-- stream's length (MAXLEN ~), then the snapshot's field/value pairs. Returns the creation order;
-- an error if the id exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return redis.error_reply('a task with id ' .. ARGV[1] .. ' exists')
end
local seq = redis.call('INCR', KEYS[4])
local fields = {}
for i = 6, #ARGV do
  table.insert(fields, ARGV[i])
end
redis.call('HSET', KEYS[1], 'owner', ARGV[2], 'seq', seq, 'last', 1, 'states', 1, 'bytes', 0, 'dropped', 0,
  'lp', 0, unpack(fields))
redis.call('XADD', KEYS[2], '1-0', 't', 'queued', 'd', ARGV[4], 'a', ARGV[3])
redis.call('ZADD', KEYS[3], seq, ARGV[1])
redis.call('SADD', KEYS[5], ARGV[2])
redis.call('SADD', KEYS[6], ARGV[1])
-- the change for listeners, numbered always, written while an instance listens (see task-append)
local n = redis.call('INCR', KEYS[8])
if redis.call('EXISTS', KEYS[9]) == 1 then
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', ARGV[5], '*', 's', n, 'i', ARGV[1], 'last', 1, 't', 'queued',
    'a', ARGV[3], unpack(fields))
end
return seq
