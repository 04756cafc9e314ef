// The shape of the message descriptors scripts/generate-protobuf.ts derives from the vendored
// .proto schemas: enough for a generic codec to walk a message and its JSON form together.

/** Messages whose JSON form is not an object of their fields (see special-types.ts). */
export type SpecialType =
  | 'time'
  | 'microTime'
  | 'duration'
  | 'fieldsV1'
  | 'quantity'
  | 'intOrString'
  | 'rawExtension'
  | 'stringList';

export interface FieldDescriptor {
  number: number;
  /** The field's JSON name (proto names for gnostic). */
  json: string;
  /** A scalar ('string', 'int64', ...) or a message's full name. */
  type: string;
  repeated?: boolean;
  /** Set on map fields: the key's scalar type; `type` is then the value's type. */
  mapKey?: string;
  /** Go embeds this message: its fields are written in the parent's JSON object. */
  inline?: boolean;
}

export interface MessageDescriptor {
  fields: FieldDescriptor[];
  special?: SpecialType;
}

export type MessageTable = Record<string, MessageDescriptor>;
