// undici types its index, not its modules; connection-pool.ts imports the Pool module alone.
declare module 'undici/lib/dispatcher/pool.js' {
  import type { Pool } from 'undici';

  const PoolClass: typeof Pool;
  export default PoolClass;
}
