-- Writes an alert snapshot and the current alert of its fingerprint, never over a newer one.
-- KEYS[1] snapshot key, KEYS[2] current-alert key
-- ARGV[1] alert JSON, ARGV[2] alert id, ARGV[3] version, ARGV[4] create_time,
-- ARGV[5] snapshot TTL (s), ARGV[6] current TTL (s)
local version = tonumber(ARGV[3])
local created = tonumber(ARGV[4])

-- What the guard compares of a held document: its id, version and create_time. The job renders
-- alerts with id first, create_time before any nested object and version last, so these are read
-- from the document's first and last bytes: reading the whole document into the script cost Redis
-- more than the two SETs. Anything else (a long alert name, another field order) is decoded whole.
local HEAD = 511

local function held(key)
  local head = redis.call('GETRANGE', key, 0, HEAD)
  if head == '' then return nil end
  local id = string.match(head, '^{"id":"([^"\\]*)"')
  -- a number cut off by the end of the head is not taken
  local c = tonumber(string.match(head, '"create_time":(%d+)[,}]'))
  local v = tonumber(string.match(redis.call('GETRANGE', key, -32, -1), '"version":(%d+)}$'))
  if id and v and c then
    return {id = id, version = v, create_time = c}
  end
  local ok, doc = pcall(cjson.decode, redis.call('GET', key))
  if not ok or type(doc) ~= 'table' then return nil end
  return {id = doc['id'], version = tonumber(doc['version']) or 0,
          create_time = tonumber(doc['create_time']) or 0}
end

local written = 0
local snap = held(KEYS[1])
if (not snap) or snap.version < version then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[5])
  written = written + 1
end

-- Versions continue from one alert of a fingerprint to the next while the job holds it; a later
-- alert (after the state was cleared) is recognised by its later create time.
local cur = held(KEYS[2])
local newer = not cur
if cur then
  if cur.id == ARGV[2] then
    newer = cur.version < version
  else
    newer = cur.version < version or cur.create_time < created
  end
end
if newer then
  redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[6])
  written = written + 2
end
return written
