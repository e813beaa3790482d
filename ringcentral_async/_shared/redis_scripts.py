"""The Lua scripts of the Redis throttle backend (run atomically on the Redis server).

Times come from the server's ``TIME`` (seconds since 2023-11-14, so that a score keeps
microseconds in Lua's 14 significant digits); no host clock is ever compared with another.
Keys of one group: ``places`` (sorted set: member -> release time), ``state`` (hash: limit,
window, learned, unheard), ``pause`` (string: paused until), ``probe`` (string: the member
probing the group's limits, with a TTL). Every key gets a TTL, so an abandoned namespace
disappears by itself.
"""

from __future__ import annotations

__all__ = ["ACQUIRE", "OPS_READ", "OPS_WRITE", "SETTLE"]

_PRELUDE = """
local t = redis.call('TIME')
local now = (tonumber(t[1]) - 1700000000) + tonumber(t[2]) / 1000000
local function num(v, d) if v then return tonumber(v) else return d end end
local function fmt(x) return string.format('%.6f', x) end
"""

#: KEYS: places, state, pause, probe.  ARGV: member, limit, window, grace, probe_first.
#: Returns {admitted 0/1, wait ('' = poll), limit, window, occupied, paused}.
ACQUIRE = (
    _PRELUDE
    + """
local places, state, pause, probe = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local member, grace = ARGV[1], tonumber(ARGV[4])
local st = redis.call('HMGET', state, 'limit', 'window', 'learned')
local limit = num(st[1], tonumber(ARGV[2]))
local window = num(st[2], tonumber(ARGV[3]))
redis.call('ZREMRANGEBYSCORE', places, '-inf', '(' .. fmt(now - 2 * window))
local live = redis.call('ZCOUNT', places, '(' .. fmt(now - window), '+inf')
local until_ = num(redis.call('GET', pause), 0)
if until_ > now then
  return {0, fmt(until_ - now), limit, fmt(window), live, fmt(until_ - now)}
end
local probing = ARGV[5] == '1' and not st[3]
if probing and redis.call('EXISTS', probe) == 1 then
  return {0, '', limit, fmt(window), live, '0'}
end
local excess = live - limit + 1
if excess > 0 then
  local s = redis.call('ZRANGEBYSCORE', places, '(' .. fmt(now - window), '+inf',
                       'WITHSCORES', 'LIMIT', excess - 1, 1)
  local score = tonumber(s[2])
  if score > now then score = now end
  return {0, fmt(score + window - now), limit, fmt(window), live, '0'}
end
redis.call('ZADD', places, fmt(now + grace), member)
redis.call('PEXPIRE', places, math.ceil((2 * window + grace) * 1000) + 1000)
if probing then
  redis.call('SET', probe, member, 'PX', math.ceil(grace * 1000) + 1)
end
return {1, '0', limit, fmt(window), live + 1, '0'}
"""
)

#: KEYS: places, state, pause, probe.  ARGV: member, mode (r/a/c), age, admitted_age,
#: limit, window, info_limit, info_window, info_remaining, teaches, correct, retry_after,
#: probe_responses, limit_max, window_min, window_max, pause_max, grace.
#: Returns {limit, window, occupied, paused}.
SETTLE = (
    _PRELUDE
    + """
local places, state, pause, probe = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local member, mode = ARGV[1], ARGV[2]
local age, admitted_age = tonumber(ARGV[3]), tonumber(ARGV[4])
local st = redis.call('HMGET', state, 'limit', 'window', 'learned')
local limit = num(st[1], tonumber(ARGV[5]))
local window = num(st[2], tonumber(ARGV[6]))
local learned = st[3]
local teaches = ARGV[10] == '1'
local ttl = 86400000
if mode == 'r' then
  redis.call('ZADD', places, fmt(now - age), member)
elseif mode == 'a' then
  redis.call('ZADD', places, fmt(now + age), member)
end
local owned = mode ~= 'c' and redis.call('GET', probe) == member
if owned then redis.call('DEL', probe) end
if mode == 'r' and not learned and not teaches then
  if redis.call('HINCRBY', state, 'unheard', 1) >= tonumber(ARGV[13]) then
    redis.call('HSET', state, 'learned', '1')
  end
end
if ARGV[7] ~= '' then
  limit = math.max(1, math.min(tonumber(ARGV[7]), tonumber(ARGV[14])))
  redis.call('HSET', state, 'limit', limit)
end
if ARGV[8] ~= '' then
  window = math.max(tonumber(ARGV[15]), math.min(tonumber(ARGV[8]), tonumber(ARGV[16])))
  redis.call('HSET', state, 'window', fmt(window))
end
if teaches then redis.call('HSET', state, 'learned', '1') end
if redis.call('EXISTS', state) == 1 then redis.call('PEXPIRE', state, ttl) end
if ARGV[11] == '1' and ARGV[9] ~= '' and admitted_age <= window then
  local admitted = now - admitted_age
  local ours = redis.call('ZCOUNT', places, '(' .. fmt(admitted - window), '+inf')
  local foreign = math.min(limit - ours - tonumber(ARGV[9]), limit)
  for i = 1, foreign do
    redis.call('ZADD', places, fmt(now), 'held:' .. member .. ':' .. i)
  end
end
if mode ~= 'c' or ARGV[11] == '1' then
  redis.call('PEXPIRE', places, math.ceil((2 * window + tonumber(ARGV[18])) * 1000) + 1000)
end
local until_ = num(redis.call('GET', pause), 0)
if ARGV[12] ~= '' then
  local want = now + math.min(tonumber(ARGV[12]), tonumber(ARGV[17]))
  if want > until_ then
    until_ = want
    redis.call('SET', pause, fmt(want), 'PX', math.ceil((want - now) * 1000) + 1000)
  end
end
local live = redis.call('ZCOUNT', places, '(' .. fmt(now - window), '+inf')
return {limit, fmt(window), live, fmt(math.max(0, until_ - now))}
"""
)

#: KEYS: ops (hash: operation -> group), opsv (the map's version).  ARGV: known version.
#: Returns {version} when it is the known one ('' when there is no map), else
#: {version, {field, value, ...}}.
OPS_READ = """
local v = redis.call('GET', KEYS[2]) or ''
if v == ARGV[1] then return {v} end
return {v, redis.call('HGETALL', KEYS[1])}
"""

#: KEYS: ops, opsv.  ARGV: operation, group ('' = forget), max operations, ttl (ms).
#: Returns 1, or 0 when a new operation was refused (the map is full). A change bumps the
#: version (first set from the server's TIME, so a map that expired and came back never
#: repeats a version a process may still hold).
OPS_WRITE = """
local ops, opsv = KEYS[1], KEYS[2]
local op, group = ARGV[1], ARGV[2]
local current = redis.call('HGET', ops, op)
local ok, changed = 1, false
if group == '' then
  changed = redis.call('HDEL', ops, op) == 1
elseif current ~= group then
  if current or redis.call('HLEN', ops) < tonumber(ARGV[3]) then
    redis.call('HSET', ops, op, group)
    changed = true
  else
    ok = 0
  end
end
if changed then
  if redis.call('EXISTS', opsv) == 0 then
    local t = redis.call('TIME')
    redis.call('SET', opsv, t[1] .. string.format('%06d', tonumber(t[2])))
  end
  redis.call('INCR', opsv)
end
for _, key in ipairs({ops, opsv}) do
  if redis.call('EXISTS', key) == 1 then redis.call('PEXPIRE', key, tonumber(ARGV[4])) end
end
return ok
"""
