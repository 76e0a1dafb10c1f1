/**
 * The admin's main navigation. Only pages that exist are listed (a test checks each resolves to a
 * route); Segments, Campaigns, Automations and Settings join as they are built.
 */
export const NAV_ITEMS = [{ label: "Contacts", url: "/app/contacts" }] as const;
