export { encodeGnosticMessage, GNOSTIC_MESSAGES } from './gnostic-codec.js';
export {
  decodeKubernetesObject,
  encodeKubernetesObject,
  encodeWatchFrame,
  hasProtobufSchema,
  MissingSchemaError,
  PROTOBUF_MEDIA_TYPE,
} from './kubernetes-codec.js';
export { ProtobufError } from './wire.js';
