import { sql } from "drizzle-orm";
import { z } from "zod";
import { EMAIL_CONSENT_STATES, EVENT_TYPES, SMS_CONSENT_STATES } from "../../../db/enums";
import { idList } from "../matches";
import { compileEventRule, defaultEventRule, eventRuleIndexedRows, describeEventRule, EVENT_RULE_OPERATORS, eventRuleDependencies, eventRuleEdges, eventRuleFields, eventRuleOperator, type EventFilter } from "./event-rule";
import { NodeId, setField } from "./field-rules";
import { column, defineCondition, type ContactField, type Family } from "./spec";

const CONSENT_LABELS = {
  subscribed: "Subscribed",
  unsubscribed: "Unsubscribed",
  not_subscribed: "Never subscribed",
  pending: "Pending confirmation",
  redacted: "Redacted",
  invalid: "Invalid",
};

export const emailSubscription = setField({
  type: "email_subscription", family: "email", label: "Email subscription", description: "Email marketing consent",
  field: "email_consent", values: EMAIL_CONSENT_STATES, valueLabels: CONSENT_LABELS, example: ["subscribed"],
});

export const smsSubscription = setField({
  type: "sms_subscription", family: "sms", label: "SMS subscription", description: "SMS marketing consent of the phone number",
  field: "sms_consent", values: SMS_CONSENT_STATES, valueLabels: CONSENT_LABELS, example: ["subscribed"],
});

/** Invalid = the provider bounced or rejected the address; valid = has an address that is not invalid. */
function validity<T extends string>(type: T, family: Family, label: string, address: ContactField, field: ContactField) {
  return defineCondition({
    type,
    family,
    label,
    description: `Whether the ${address === "email" ? "email address" : "phone number"} bounced or was rejected`,
    valueType: "set",
    operators: ["valid", "invalid"],
    schema: z.object({ id: NodeId, type: z.literal(type), value: z.enum(["valid", "invalid"]) }),
    example: () => ({ type, value: "invalid" as const }),
    operatorOf: (c) => c.value,
    compile: (c) =>
      c.value === "invalid"
        ? sql`${column(field)} IN ('bounced', 'invalid')`
        : sql`(${column(address)} IS NOT NULL AND ${column(address)} <> '' AND ${column(field)} NOT IN ('bounced', 'invalid'))`,
    dependencies: () => [{ kind: "contact", fields: [address, field] }],
    timeEdges: () => [],
    describe: (c) => `${label} is ${c.value}`,
  });
}
export const emailValidity = validity("email_validity", "email", "Email address", "email", "email_validity");
export const phoneValidity = validity("phone_validity", "sms", "Phone number", "phone", "phone_validity");

const EMAIL_ACTIONS = {
  sent: EVENT_TYPES.email_sent,
  delivered: EVENT_TYPES.email_delivered,
  opened: EVENT_TYPES.email_opened,
  clicked: EVENT_TYPES.email_clicked,
  bounced: EVENT_TYPES.email_bounced,
  marked_as_spam: EVENT_TYPES.email_complained,
  unsubscribed: EVENT_TYPES.email_unsubscribed,
} as const;
const SMS_ACTIONS = { sent: EVENT_TYPES.sms_sent, delivered: EVENT_TYPES.sms_delivered, clicked: EVENT_TYPES.sms_clicked } as const;

/** Sent/opened/clicked… an email or SMS (any, or of given campaigns), with counts and windows. */
function messageActivity<T extends string, A extends Record<string, number>>(type: T, family: Family, label: string, noun: string, actions: A) {
  const names = Object.keys(actions) as [keyof A & string, ...(keyof A & string)[]];
  const schema = z.object({
    id: NodeId,
    type: z.literal(type),
    action: z.enum(names),
    campaignIds: idList("campaign").optional(),
    ...eventRuleFields,
  });
  type C = z.infer<typeof schema>;
  const filter = (c: C): EventFilter => ({ type: actions[c.action] as EventFilter["type"], subjectIds: c.campaignIds });
  return defineCondition<C>({
    type,
    family,
    label,
    description: `${noun} engagement, for any campaign or chosen ones`,
    valueType: "event",
    picker: "campaign",
    operators: EVENT_RULE_OPERATORS,
    schema,
    example: () => ({ type, action: names[0], ...defaultEventRule() }) as Omit<C, "id">,
    operatorOf: (c) => eventRuleOperator(c),
    compile: (c, ctx) => compileEventRule(c, filter(c), ctx),
    indexedRows: (c, ctx) => eventRuleIndexedRows(c, filter(c), ctx),
    eventFilter: filter,
    dependencies: (c) => eventRuleDependencies(filter(c)),
    timeEdges: (c, span) => eventRuleEdges(c, filter(c), span),
    describe: (c) =>
      describeEventRule(`${c.action.replace(/_/g, " ")} ${noun === "Email" ? "an email" : "an SMS"}${c.campaignIds ? ` of campaign ${c.campaignIds.map((id) => `#${id}`).join(", ")}` : ""}`, c),
  });
}

export const emailActivity = messageActivity("email_activity", "email", "Email activity", "Email", EMAIL_ACTIONS);
export const smsActivity = messageActivity("sms_activity", "sms", "SMS activity", "SMS", SMS_ACTIONS);
