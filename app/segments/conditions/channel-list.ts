import { emailActivity, emailSubscription, emailValidity, phoneValidity, smsActivity, smsSubscription } from "./channels";

/** The email and SMS channel conditions, in builder order. */
export const channels = {
  email_subscription: emailSubscription,
  email_validity: emailValidity,
  email_activity: emailActivity,
  sms_subscription: smsSubscription,
  phone_validity: phoneValidity,
  sms_activity: smsActivity,
} as const;
