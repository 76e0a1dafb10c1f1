import { DateTime } from "luxon";
import type { Channel } from "../../db/enums";
import type { QuietHours } from "../settings/shop-settings";

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When a message due at `now` may go out under the shop's quiet hours, in `timeZone` (the
 * contact's, else the shop's): null when it may go now, else the end of the window (epoch ms).
 * Windows that wrap midnight (21:00–08:00) end on the next morning; daylight-saving days are
 * counted in local time (luxon), so "08:00" is 08:00 on the clock that day.
 */
export function quietHoursEnd(quiet: QuietHours, { channel, timeZone, now }: { channel: Channel; timeZone: string; now: number }): number | null {
  if (!quiet.enabled || !quiet.channels.includes(channel)) return null;
  let local = DateTime.fromMillis(now, { zone: timeZone });
  if (!local.isValid) local = DateTime.fromMillis(now, { zone: "UTC" });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const endToday = local.startOf("day").set({ hour: Math.floor(end / 60), minute: end % 60 });
  const endAt = minute < end ? endToday : endToday.plus({ days: 1 });
  return Math.max(endAt.toMillis(), now + 1);
}
