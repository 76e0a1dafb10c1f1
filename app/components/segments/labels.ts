import type { MembershipCauseName } from "../../../db/enums";

/** Why a contact entered or left, as the change history shows it. */
export const CAUSE_LABELS: Record<MembershipCauseName | "unknown", string> = {
  event: "Store activity",
  time: "Time window",
  definition_edit: "Segment computed",
  import: "Import",
  consent: "Consent change",
  lifecycle: "Lifecycle stage",
  redaction: "Data erased",
  unknown: "Other",
};
