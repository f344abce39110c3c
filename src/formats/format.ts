/**
 * What a message format (CEF, LEEF, JSON) needs from a compiled mapping, and what it gives back. The mapping turns
 * YAML into getters once; the format turns their values into one message per record, escaped and size-bounded.
 */

export const VALUE_TYPES = ["string", "int", "epochMillis", "iso8601", "boolInt", "join"] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export type SourceRecord = Record<string, unknown>;

/** Called when a value had to be cut in depth (nested deeper than JSON.stringify can go), so that it is counted. */
export type NoteCut = () => void;

/** One mapped value: a getter compiled once, plus what is known about it before any record is seen. */
export interface MappedValue {
  /** The value for a record, or undefined when it is empty (empty values are left out). */
  get(record: SourceRecord, noteCut?: NoteCut): string | undefined;
  /** Set when the value never depends on the record. */
  constant?: string;
  /** Every value it can produce, when that set is finite (a constant, or a `map` with a constant default). */
  possible?: readonly string[];
  type: ValueType;
  /** Free text that may be shortened to fit the whole-message limit (never codes, numbers or times). */
  shrinkable: boolean;
  /** The mapping's own limit for this value, in UTF-8 bytes after escaping. */
  maxBytes?: number;
  /** A list's separator (`type: join` of a field): a cut keeps whole elements. */
  separator?: string;
  /** Set when the value is a record's identifier (FullId, an alert id) as read: a limit below `bytes` would cut it. */
  identity?: { field: string; bytes: number };
}

export interface MappedField {
  key: string;
  /** `label:` of the mapping: CEF writes it as the key's `…Label` companion. */
  label?: string;
  value: MappedValue;
}

export interface Layout {
  header: Readonly<Record<string, MappedValue>>;
  fields: readonly MappedField[];
  /** Text that ends a shortened value (`truncationMarker:` of the mapping, as written: the format escapes it). */
  truncationMarker?: string;
}

/**
 * What an encoder changed to respect a limit, by key: `msg`, `externalId`, `header.name` (for JSON without fields, the
 * record's own keys). The encoder stays pure; the pipeline counts and logs these.
 */
export interface ValueChanges {
  /** Values cut to a limit: the key's own (CEF `externalId` 40 bytes), `maxBytes`, or the whole message's. */
  shortened?: string[];
  /** Values left out so that the message fits its limit. */
  dropped?: string[];
}

export function noteShortened(changes: ValueChanges, key: string): void {
  if (!changes.shortened?.includes(key)) (changes.shortened ??= []).push(key);
}

/** A value left out is no longer counted as shortened. */
export function noteDropped(changes: ValueChanges, key: string): void {
  const at = changes.shortened?.indexOf(key) ?? -1;
  if (at >= 0) changes.shortened!.splice(at, 1);
  if (changes.shortened?.length === 0) delete changes.shortened;
  if (!changes.dropped?.includes(key)) (changes.dropped ??= []).push(key);
}

export interface EncodedMessage {
  text: string;
  /** The event's numeric severity 0-10, when the mapping defines one; the transport derives the syslog severity. */
  severity?: number;
  /** Set only when a value was shortened or left out. */
  changes?: ValueChanges;
}

/** The message, with its changes when there are any. */
export function encoded(text: string, severity: number | undefined, changes: ValueChanges): EncodedMessage {
  return changes.shortened || changes.dropped ? { text, severity, changes } : { text, severity };
}

export type Encoder = (record: SourceRecord, maxBytes: number) => EncodedMessage;

/** A problem in a layout, at a key path from the mapping file's root; warnings do not stop the mapping. */
export interface LayoutIssue {
  path: (string | number)[];
  message: string;
  warning?: boolean;
}

export interface Format {
  /** Header keys: `text` ones take literal text (a bare word is not a field name there). */
  header: { required: readonly string[]; optional: readonly string[]; text: readonly string[] };
  /** Checks what only the format knows: keys, labels, severities, delimiters. */
  check(layout: Layout): LayoutIssue[];
  compile(layout: Layout): Encoder;
}

/** What a format folder's index.ts default-exports: its word (a mapping's `format:`) and the format. */
export interface FormatComponent<N extends string = string> extends Format {
  readonly name: N;
}

export const defineFormat = <const N extends string>(component: FormatComponent<N>) => component;
