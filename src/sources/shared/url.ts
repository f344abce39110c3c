/** A configured `url` is the API's base; a URL that already ends with the collection's path is kept as given. */
export function collectionUrl(base: string, path: string): string {
  const trimmed = base.replace(/\/+$/, "");
  return trimmed.toLowerCase().endsWith(path.toLowerCase()) ? trimmed : `${trimmed}${path}`;
}
