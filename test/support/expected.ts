/**
 * What a receiver must get back for a value, written independently of the encoders from formats.md: lone surrogates
 * become U+FFFD, control characters a space (CEF extensions keep CR and LF, escaped), spaces at both ends go.
 */
const wellFormed = (s: string) =>
  s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
const trim = (s: string) => s.replace(/^ +/, "").replace(/ +$/, "");

/* eslint-disable no-control-regex -- control characters are what the formats replace */
export const cefHeaderValue = (s: string) => trim(wellFormed(s).replace(/\r\n|[\x00-\x1f\x7f-\x9f]/g, " "));
export const cefExtensionValue = (s: string) =>
  trim(wellFormed(s).replace(/[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]/g, " "));
export const leefHeaderValue = (s: string) => trim(wellFormed(s).replace(/\r\n|[|\x00-\x1f\x7f-\x9f]/g, " "));
export const leefValue = (s: string, delimiter: string) =>
  trim(
    wellFormed(s)
      .replace(/\r\n/g, " ")
      .split(delimiter)
      .join(" ")
      .replace(/[\x00-\x1f\x7f-\x9f]/g, " "),
  );
/* eslint-enable no-control-regex */
