'use strict';
// A Node.js cache-aside service as it is commonly written: ONE ioredis client (one socket) for the
// whole process, shared by every concurrent request, and a node-postgres pool. It counts its own
// nil reads (misses) and loader runs (rebuilds), never looking at MONITOR.
//
// Scenario: seed the key, run CONCURRENCY request loops for BEFORE ms, then the service's own write
// path deletes the key (DEL, on the same client), the loops go on for AFTER ms. Prints one JSON line:
// {"misses", "rebuilds", "calls", "triggerMillis", "key"}; counts are those after the delete.
//
// Environment: REDIS_HOST, REDIS_PORT, PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (read by pg),
// TABLE, and optionally CONCURRENCY (40), PAUSE_MS (10), REBUILD_SLEEP_MS (30), BEFORE_MS (300),
// AFTER_MS (400). Every loop and the whole run are bounded in time.
const Redis = require('ioredis');
const { Pool } = require('pg');

const env = (name, dflt) => (process.env[name] === undefined || process.env[name] === '' ? dflt : process.env[name]);
const CONCURRENCY = Number(env('CONCURRENCY', 40));
const PAUSE_MS = Number(env('PAUSE_MS', 10));
const REBUILD_SLEEP_MS = Number(env('REBUILD_SLEEP_MS', 30));
const BEFORE_MS = Number(env('BEFORE_MS', 300));
const AFTER_MS = Number(env('AFTER_MS', 400));
const TABLE = env('TABLE', 'stampede_doctor_spring_it_rows');
if (!/^[a-z_][a-z0-9_]*$/.test(TABLE)) {
  throw new Error('bad table name ' + TABLE);
}
const KEY = 'product:1';

const redis = new Redis({ host: env('REDIS_HOST', '127.0.0.1'), port: Number(env('REDIS_PORT', 6379)), lazyConnect: true });
const pool = new Pool({ max: CONCURRENCY, idleTimeoutMillis: 0 });

let counting = false;
let misses = 0;
let rebuilds = 0;
let calls = 0;

async function load(id) {
  if (counting) {
    rebuilds++;
  }
  const r = await pool.query(`SELECT pg_sleep($1::float8 / 1000), body FROM ${TABLE} WHERE id = $2`, [REBUILD_SLEEP_MS, id]);
  return r.rows[0].body;
}

async function getProduct(id) {
  const key = 'product:' + id;
  const cached = await redis.get(key);
  if (cached !== null) {
    return cached;
  }
  if (counting) {
    misses++;
  }
  const body = await load(id);
  await redis.set(key, body, 'EX', 600);
  return body;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function requestLoop(stopAt) {
  while (Date.now() < stopAt) {
    await getProduct(1);
    if (counting) {
      calls++;
    }
    await sleep(PAUSE_MS);
  }
}

async function main() {
  const deadline = setTimeout(() => {
    console.error('herd.js: overran 20 s, giving up');
    process.exit(3);
  }, 20000);
  await redis.connect();
  // Warm the pool: every slot connected before the run, as in a service that has been up a while.
  await Promise.all(Array.from({ length: CONCURRENCY }, () => pool.query('SELECT 1')));
  await getProduct(1); // seed (the key was deleted by the test before the capture)
  await sleep(100);
  counting = true;
  const stopAt = Date.now() + BEFORE_MS + AFTER_MS;
  const loops = Array.from({ length: CONCURRENCY }, () => requestLoop(stopAt));
  await sleep(BEFORE_MS);
  const triggerMillis = Date.now();
  await redis.del(KEY); // the service's write path invalidates the product
  await Promise.all(loops);
  counting = false;
  process.stdout.write(JSON.stringify({ key: KEY, misses, rebuilds, calls, triggerMillis }) + '\n');
  clearTimeout(deadline);
  await redis.quit();
  await pool.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
