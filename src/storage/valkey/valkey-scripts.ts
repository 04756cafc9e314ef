/**
 * The atomic operations of the Valkey store, as Lua scripts: the server runs a script without running
 * anything else, so "read, decide, write" cannot interleave with another replica's. They use only
 * commands that Valkey and Redis (6.2 and later) both have.
 *
 * A record is a hash: `v` its value, `u` '1' once used, `g` its group when it has one, with a PEXPIRE.
 * A group is a set of record key names with a lifetime as long as its longest-lived member's. Group and
 * record key names are made from the key prefix in TypeScript and passed in, so both agree; a group's
 * members are read from the set, so the store runs on a single Valkey/Redis node (or a primary with
 * replicas), not a Cluster.
 */

/** put(key, value, ttl, hasGroup, group, groupKeyPrefix): replaces a record, moving it between groups. */
const PUT = `
local function put(key, value, ttl, hasGroup, group, groupKeyPrefix)
  local old = redis.call('HGET', key, 'g')
  if old and (not hasGroup or old ~= group) then redis.call('SREM', groupKeyPrefix .. old, key) end
  redis.call('DEL', key)
  if hasGroup then
    redis.call('HSET', key, 'v', value, 'u', '0', 'g', group)
  else
    redis.call('HSET', key, 'v', value, 'u', '0')
  end
  redis.call('PEXPIRE', key, ttl)
  if hasGroup then
    local index = groupKeyPrefix .. group
    redis.call('SADD', index, key)
    if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
  end
end
`;

/** spend(key): marks a record used; says whether this was its first use. */
const SPEND = `
local function spend(key)
  local record = redis.call('HMGET', key, 'v', 'u')
  if not record[1] then return {'missing'} end
  if record[2] == '1' then return {'replay', record[1]} end
  redis.call('HSET', key, 'u', '1')
  return {'first', record[1]}
end
`;

/** take(key, groupKeyPrefix): deletes a record and its group membership; returns its value or false. */
const TAKE = `
local function take(key, groupKeyPrefix)
  local record = redis.call('HMGET', key, 'v', 'g')
  if not record[1] then return false end
  redis.call('DEL', key)
  if record[2] then redis.call('SREM', groupKeyPrefix .. record[2], key) end
  return record[1]
end
`;

export interface ScriptDefinition {
  readonly numberOfKeys: number;
  readonly lua: string;
}

export const valkeyScripts = {
  /** KEYS: record. ARGV: value, ttl, hasGroup ('1'|'0'), group, groupKeyPrefix. */
  mcpPut: {
    numberOfKeys: 1,
    lua: `${PUT}
put(KEYS[1], ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', ARGV[4], ARGV[5])
return 1`,
  },
  /** KEYS: record. ARGV: value. Returns 1 when the live record was updated (its lifetime unchanged). */
  mcpUpdate: {
    numberOfKeys: 1,
    lua: `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1])
return 1`,
  },
  /** KEYS: record. ARGV: groupKeyPrefix. Returns the value of the deleted record, or nil. */
  mcpTake: {
    numberOfKeys: 1,
    lua: `${TAKE}
return take(KEYS[1], ARGV[1])`,
  },
  /** KEYS: record. Returns {status, value?}. */
  mcpUseOnce: {
    numberOfKeys: 1,
    lua: `${SPEND}
return spend(KEYS[1])`,
  },
  /**
   * KEYS: old record, new record. ARGV: value, ttl, hasGroup, group, groupKeyPrefix, hasSpentValue
   * ('1'|'0'), spentValue: on the first use, the old record's value becomes spentValue.
   */
  mcpRotate: {
    numberOfKeys: 2,
    lua: `${SPEND}${PUT}
local outcome = spend(KEYS[1])
if outcome[1] == 'first' then
  if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'v', ARGV[7]) end
  put(KEYS[2], ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', ARGV[4], ARGV[5])
end
return outcome`,
  },
  /**
   * KEYS: group index. ARGV: group. Deletes the live members that still belong to the group (a member
   * that expired and was put again elsewhere is left alone) and the index; returns how many.
   */
  mcpDeleteGroup: {
    numberOfKeys: 1,
    lua: `
local deleted = 0
for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HGET', key, 'g') == ARGV[1] then deleted = deleted + redis.call('DEL', key) end
end
redis.call('DEL', KEYS[1])
return deleted`,
  },
  /** KEYS: counter. ARGV: limit, ttl. Returns the new count, or nil when the limit was reached. */
  mcpIncrementBelow: {
    numberOfKeys: 1,
    lua: `
local count = tonumber(redis.call('GET', KEYS[1]))
local limit = tonumber(ARGV[1])
if count then
  if count >= limit then return false end
  return redis.call('INCR', KEYS[1])
end
if limit <= 0 then return false end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
return 1`,
  },
  /** KEYS: lock. ARGV: token. Deletes the lock only while this holder's token is in it. */
  mcpReleaseLock: {
    numberOfKeys: 1,
    lua: `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`,
  },
} as const satisfies Record<string, ScriptDefinition>;

export type ValkeyScriptName = keyof typeof valkeyScripts;
