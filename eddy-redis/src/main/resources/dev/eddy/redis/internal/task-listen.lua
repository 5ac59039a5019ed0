-- Starts an instance listening to the change stream: KEYS[1] the flag that some instance listens,
-- KEYS[2] the change stream, KEYS[3] its counter. ARGV[1]: how long the flag lasts unless renewed
-- (ms). Sets the flag, so every change from here on is written, and returns where to read from:
-- {the stream's last id ('0-0' if none), the counter}, read in the same step, so the first change
-- after them is numbered counter + 1.
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
local last = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local id = '0-0'
if #last > 0 then
  id = last[1][1]
end
return {id, redis.call('GET', KEYS[3]) or '0'}
