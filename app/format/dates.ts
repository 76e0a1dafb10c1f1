/** Display formatting of epoch-ms times in the shop's time zone (done in loaders, so SSR and hydration agree). */

export function formatDate(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return "—";
  return new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "short", day: "numeric" }).format(ms);
}

export function formatDateTime(ms: number | null | undefined, timeZone: string): string {
  if (ms === null || ms === undefined) return "—";
  return new Intl.DateTimeFormat("en-US", {
    timeZone,
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
  }).format(ms);
}
