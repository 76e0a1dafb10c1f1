/**
 * The orders the segments list offers, with the label the sort menu shows. Not a .server module:
 * the route's query schema and the menu read it in the browser too.
 */
export const SEGMENT_SORTS = {
  updated_desc: "Last updated (newest first)",
  updated_asc: "Last updated (oldest first)",
  name_asc: "Name (A–Z)",
  name_desc: "Name (Z–A)",
  count_desc: "Contacts (most first)",
  count_asc: "Contacts (fewest first)",
} as const;

export type SegmentSort = keyof typeof SEGMENT_SORTS;

export const SEGMENT_SORT_KEYS = Object.keys(SEGMENT_SORTS) as [SegmentSort, ...SegmentSort[]];
