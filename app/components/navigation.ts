/**
 * The admin's main navigation. Only pages that exist are listed (a test checks each resolves to a
 * route); Campaigns, Automations and Settings join as they are built. The first item is where the
 * app's home opens.
 */
export const NAV_ITEMS = [
  { label: "Contacts", url: "/app/contacts" },
  { label: "Segments", url: "/app/segments" },
] as const;
