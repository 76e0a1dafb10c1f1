import { Badge, IndexTable } from "@shopify/polaris";
import { CONSENT_LABELS } from "../../contacts/labels";

/** A contact's email or SMS marketing consent as a badge ("Subscribed", "Not subscribed", …). */
export function ConsentBadge({ state }: { state: string }) {
  const label = CONSENT_LABELS[state];
  return <Badge tone={label?.tone}>{label?.label ?? state}</Badge>;
}

/** The headings of the two consent columns of a contacts table, in the order `ConsentCells` fills them. */
export const CONSENT_HEADINGS = [{ title: "Email marketing" }, { title: "SMS marketing" }];

/** A contact row's email and SMS marketing consent, one cell each. */
export function ConsentCells({ email, sms }: { email: string; sms: string }) {
  return (
    <>
      <IndexTable.Cell>
        <ConsentBadge state={email} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <ConsentBadge state={sms} />
      </IndexTable.Cell>
    </>
  );
}
