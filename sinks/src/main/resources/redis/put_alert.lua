-- Writes an alert snapshot and the current alert of its fingerprint, never over a newer one.
-- KEYS[1] snapshot key, KEYS[2] current-alert key
-- ARGV[1] alert JSON, ARGV[2] alert id, ARGV[3] version, ARGV[4] create_time,
-- ARGV[5] snapshot TTL (s), ARGV[6] current TTL (s)
local version = tonumber(ARGV[3])
local created = tonumber(ARGV[4])

local function held(key)
  local raw = redis.call('GET', key)
  if not raw then return nil end
  local ok, doc = pcall(cjson.decode, raw)
  if not ok or type(doc) ~= 'table' then return nil end
  return doc
end

local written = 0
local snap = held(KEYS[1])
if (not snap) or (tonumber(snap['version']) or 0) < version then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[5])
  written = written + 1
end

-- Versions continue from one alert of a fingerprint to the next while the job holds it; a later
-- alert (after the state was cleared) is recognised by its later create time.
local cur = held(KEYS[2])
local newer = not cur
if cur then
  local cv = tonumber(cur['version']) or 0
  if cur['id'] == ARGV[2] then
    newer = cv < version
  else
    newer = cv < version or (tonumber(cur['create_time']) or 0) < created
  end
end
if newer then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[6])
  written = written + 2
end
return written
