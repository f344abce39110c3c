/** What the poll cycle and `preview` get from a mapping file. */
import type { Api } from "../config/config.js";
import type { FileProblem } from "../errors.js";
import type { EncodedMessage, SourceRecord } from "../formats/format.js";
import type { FormatName } from "../formats/registry.js";
import type { TenantLabel } from "./tenant.js";

export type { EncodedMessage } from "../formats/format.js";

export interface CompiledMapping {
  /** The reference it was loaded from: `builtin:NAME` or the file's path. */
  name: string;
  format: FormatName;
  /** The API whose records it reads. */
  source: Api;
  /**
   * One message for one record, never more than `maxBytes` UTF-8 bytes (long free text is shortened to fit);
   * `tenant` is whose record it is, for `$tenant.name` and `$tenant.id`.
   */
  encode(record: SourceRecord, maxBytes: number, tenant?: TenantLabel): EncodedMessage;
  /** Located warnings: the mapping works, but something in it deserves a look (e.g. a csN without a label). */
  warnings: FileProblem[];
}
