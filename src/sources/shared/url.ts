/**
 * A configured `url` is the API's base; a URL that already ends with the collection (`ending`, by default the whole
 * path) is kept as given.
 */
export function collectionUrl(base: string, path: string, ending = path): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.toLowerCase().endsWith(ending.toLowerCase()) ? trimmed : `${trimmed}${path}`;
}
