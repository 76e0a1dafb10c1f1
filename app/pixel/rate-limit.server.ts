import { TokenBucketLimiter } from "../public-http/rate-limit.server";

export const PIXEL_REQUESTS_PER_SECOND = 100;

/** The process-wide limiter of pixel requests, per shop key. */
export const pixelRateLimiter = new TokenBucketLimiter({ perSecond: PIXEL_REQUESTS_PER_SECOND, burst: PIXEL_REQUESTS_PER_SECOND });
