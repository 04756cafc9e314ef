export {
  canonicalIp,
  ipFamily,
  ipFamilyOf,
  isLoopbackAddress,
  isLoopbackHost,
  isNonPublicAddress,
} from './addresses.js';
