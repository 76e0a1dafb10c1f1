/**
 * The handles of the Shopify Flow trigger extensions (`extensions/customer-*-segment/
 * shopify.extension.toml`). A handle cannot change once deployed; a test checks these against
 * the tomls, so the two never drift apart.
 */
export const FLOW_TRIGGER_HANDLES = {
  entered: "customer-entered-segment",
  left: "customer-left-segment",
} as const;

/** The custom fields each trigger declares besides the customer reference (`key` in the toml). */
export const FLOW_TRIGGER_FIELDS = { segmentName: "Segment name", segmentId: "Segment id" } as const;

export type FlowTriggerKind = keyof typeof FLOW_TRIGGER_HANDLES;
