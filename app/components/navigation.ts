/**
 * The admin's main navigation. Only pages that exist are listed (a test checks each resolves to a
 * route). The first item is where the app's home opens.
 */
export const NAV_ITEMS = [
  { label: "Contacts", url: "/app/contacts" },
  { label: "Segments", url: "/app/segments" },
  { label: "Campaigns", url: "/app/campaigns" },
  { label: "Automations", url: "/app/automations" },
  { label: "Outbox", url: "/app/outbox" },
  { label: "Settings", url: "/app/settings" },
] as const;
