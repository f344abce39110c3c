/**
 * Encoded CEF and LEEF messages whose content attacks framing and parsing: an LF inside the message (allowed only
 * with octet counting), TABs (LEEF 1.0's delimiter), escapes, a fake syslog header, and non-ASCII text.
 */
import type { OutgoingMessage } from "../../src/transports/transport.js";

export const HOSTILE_CEF: OutgoingMessage[] = [
  {
    payload:
      "CEF:0|Microsoft|Microsoft Defender ATP|2.0|Malware\\|x|Virus \\\\ found|8|cs1=line one\nline two cs1Label=Note",
    severity: 8,
  },
  {
    payload:
      "CEF:0|Microsoft|Microsoft Defender ATP|2.0|Ransomware|Ransomware détecté 漢字 🛡️|10|suser=CONTOSO\\\\josé msg=a\\=b <134>1 fake - - -",
    severity: 10,
  },
  {
    payload: "CEF:0|Microsoft|Microsoft Defender ATP|2.0|Info|Trailing LF|3|msg=ends with LF\n 12 injected",
    severity: 3,
  },
];

export const HOSTILE_LEEF: OutgoingMessage[] = [
  {
    payload: "LEEF:1.0|Microsoft|MDE|2.0|Malware|cat=Malware\tsev=8\tusrName=CONTOSO\\josé\tmsg=a=b\tresource=ПК-01",
    severity: 8,
  },
  { payload: "LEEF:2.0|Microsoft|MDE|2.0|Exploit|^|cat=Exploit^sev=10^msg=two\nlines 🛡️", severity: 10 },
];

export const HOSTILE = [...HOSTILE_CEF, ...HOSTILE_LEEF];
