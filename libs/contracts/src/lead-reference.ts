/**
 * The short reference a visitor is shown (and may quote on the phone): the
 * lead id's first 8 hex digits in capitals, e.g. 3F9A2C1B. 32 random bits,
 * enough to tell thousands of leads apart; the full id stays the key. Pure,
 * so the thank-you page and the browser bundles show the same.
 */
export function leadReference(id: string): string {
  return id.slice(0, 8).toUpperCase();
}
