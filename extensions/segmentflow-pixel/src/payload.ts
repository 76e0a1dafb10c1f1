import type {
  MoneyV2,
  PixelEventsCheckoutCompleted,
  PixelEventsCheckoutStarted,
  PixelEventsCollectionViewed,
  PixelEventsPageViewed,
  PixelEventsProductAddedToCart,
  PixelEventsProductViewed,
} from "@shopify/web-pixels-extension";

/**
 * One standard event in the shape `/pixel/events` accepts (app/pixel/payload.server.ts validates
 * it): ids as the storefront gives them, money in the currency's minor unit. Pure, so the app's
 * tests post exactly what the pixel would.
 */
export type SentEvent = {
  id: string;
  name: SubscribedEvent["name"];
  timestamp: string;
  clientId: string;
  customerId?: string;
  email?: string;
  productId?: string;
  collectionId?: string;
  checkoutToken?: string;
  value?: number;
  currency?: string;
};

export type SubscribedEvent =
  | PixelEventsPageViewed
  | PixelEventsProductViewed
  | PixelEventsCollectionViewed
  | PixelEventsProductAddedToCart
  | PixelEventsCheckoutStarted
  | PixelEventsCheckoutCompleted;

/** An amount in minor units (12.3 USD → 1230, 500 JPY → 500), or nothing when unknown. */
export function minorUnits(money: MoneyV2 | null | undefined): { value?: number; currency?: string } {
  if (!money || typeof money.amount !== "number" || !money.currencyCode || money.amount < 0) return {};
  let digits = 2;
  try {
    digits = new Intl.NumberFormat("en", { style: "currency", currency: money.currencyCode }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return {};
  }
  return { value: Number(money.amount.toFixed(digits).replace(".", "")), currency: money.currencyCode };
}

const present = <T>(value: T | null | undefined): T | undefined => (value === null || value === "" ? undefined : value);

/** The body entry for a standard event; `customerId` is the signed-in customer (`init.data.customer`). */
export function toSentEvent(event: SubscribedEvent, customerId: string | null | undefined): SentEvent {
  const sent: SentEvent = { id: event.id, name: event.name, timestamp: event.timestamp, clientId: event.clientId, customerId: present(customerId) };
  switch (event.name) {
    case "product_viewed":
      sent.productId = present(event.data.productVariant?.product?.id);
      break;
    case "collection_viewed":
      sent.collectionId = present(event.data.collection?.id);
      break;
    case "product_added_to_cart": {
      const line = event.data.cartLine;
      sent.productId = present(line?.merchandise?.product?.id);
      Object.assign(sent, minorUnits(line?.cost?.totalAmount));
      break;
    }
    case "checkout_started":
    case "checkout_completed": {
      const checkout = event.data.checkout;
      sent.customerId ??= present(checkout?.order?.customer?.id);
      sent.email = present(checkout?.email);
      sent.checkoutToken = present(checkout?.token);
      Object.assign(sent, minorUnits(checkout?.totalPrice));
      break;
    }
  }
  return sent;
}
