import { z } from "zod";
import { MissingSessionError } from "../platforms/shopify/admin-api.server";
import { failPopupSync, syncPopupSignup } from "../popup/platform-sync.server";
import { POPUP_PLATFORM_SYNC_JOB } from "../popup/signup.server";
import { defineJob } from "./define-job";
import { jobAdminApi } from "./shop-admin-api.server";

const MAX_ATTEMPTS = 8;

/** Writes a popup signup to the store: creates the customer, or adds the popup tags (retried; the last failure is shown). */
export const popupPlatformSyncJob = defineJob({
  type: POPUP_PLATFORM_SYNC_JOB,
  payload: z.object({ shopId: z.number().int().positive(), signupId: z.number().int().positive() }),
  maxAttempts: MAX_ATTEMPTS,
  run: async ({ shopId, signupId }, ctx) => {
    try {
      await syncPopupSignup(ctx.db, { shopId, signupId, api: await jobAdminApi(ctx.db, shopId), now: ctx.now });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof MissingSessionError || ctx.attempt >= MAX_ATTEMPTS) failPopupSync(ctx.db, { shopId, signupId, error: message, now: ctx.now() });
      else throw error;
    }
  },
});

export const POPUP_JOBS = [popupPlatformSyncJob];
