-- Appends one message to a channel's history, atomically.
-- KEYS[1] the channel's meta hash (fields epoch, offset), KEYS[2] its list of "<offset>:<envelope>"
-- ARGV[1] the signed envelope, ARGV[2] messages kept, ARGV[3] ttl in milliseconds,
-- ARGV[4] the epoch to start if the history is missing, ARGV[5] "1" to drop what is kept first
-- Returns {offset, epoch}.
if ARGV[5] == '1' then
  redis.call('DEL', KEYS[1], KEYS[2])
end
if redis.call('HSETNX', KEYS[1], 'epoch', ARGV[4]) == 1 then
  redis.call('DEL', KEYS[2]) -- a list without its meta belongs to no epoch
end
local offset = redis.call('HINCRBY', KEYS[1], 'offset', 1)
local epoch = redis.call('HGET', KEYS[1], 'epoch')
redis.call('RPUSH', KEYS[2], string.format('%d', offset) .. ':' .. ARGV[1])
redis.call('LTRIM', KEYS[2], -tonumber(ARGV[2]), -1)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return {offset, epoch}
