-- Reads a channel's history after a position, in one consistent step.
-- KEYS[1] the meta hash, KEYS[2] the list; ARGV[1] the reader's offset, ARGV[2] its epoch ('' for
-- none), ARGV[3] most entries to return ("0": only the newest one, for cache channels).
-- Returns {} when nothing is kept, else {epoch, newest offset, oldest offset, {entries}}.
local meta = redis.call('HMGET', KEYS[1], 'epoch', 'offset')
if not meta[1] or not meta[2] then
  return {}
end
local newest = tonumber(meta[2])
local length = redis.call('LLEN', KEYS[2])
local oldest = newest - length + 1
local limit = tonumber(ARGV[3])
if limit == 0 then
  return {meta[1], newest, oldest, redis.call('LRANGE', KEYS[2], -1, -1)}
end
local first = oldest
if ARGV[2] == meta[1] then
  first = math.max(oldest, tonumber(ARGV[1]) + 1)
end
if first > newest then
  return {meta[1], newest, oldest, {}}
end
local start = first - oldest
return {meta[1], newest, oldest, redis.call('LRANGE', KEYS[2], start, start + limit - 1)}
