import type { Channel, CustomerFacts } from "./facts.js";
import type { ChannelStrategy } from "./policies.js";

/** The channels message delivery falls back on, in order, when no preferred one is usable. */
const FALLBACK_CHANNELS: readonly Channel[] = ["email", "sms"];

/** What {@link selectChannels} reads of a customer. */
export type ChannelFacts = Pick<CustomerFacts, "contact" | "channels" | "bouncedChannels">;

function usable(customer: ChannelFacts, channel: Channel): boolean {
  if (customer.bouncedChannels?.includes(channel) === true) return false;
  const contact = customer.contact;
  switch (channel) {
    case "email":
      return typeof contact.email === "string" && contact.email !== "";
    case "sms":
      return typeof contact.phone === "string" && contact.phone !== "" && contact.smsConsent === true;
    case "portal":
      // Posted to the customer's portal account: no address needed, nothing to bounce.
      return true;
  }
}

/**
 * The channels a message should use, following the customer's `channels` (in order of preference;
 * default `["email"]`) and consent: never SMS without SMS consent, never a channel that is missing
 * or has bounced, and email as the fallback. `"portal"` is served: the message is posted to the
 * customer's portal account and nothing is sent. An empty list means the customer cannot be reached.
 *
 * @example
 * ```ts
 * const customer = { contact: { email: "a@example.com", phone: "+15555550100" }, channels: ["sms", "email"] } as const;
 * selectChannels(customer, "preferred");                                              // ["email"] — no SMS consent
 * selectChannels({ ...customer, contact: { ...customer.contact, smsConsent: true } }, "all"); // ["sms", "email"]
 * selectChannels({ contact: {}, channels: ["portal"] }, "preferred");                 // ["portal"]
 * ```
 */
export function selectChannels(customer: ChannelFacts, strategy: ChannelStrategy): Channel[] {
  const preferredOrder = customer.channels ?? ["email"];
  const ordered: Channel[] = [];
  for (const channel of [...preferredOrder, ...FALLBACK_CHANNELS]) {
    if (!ordered.includes(channel)) ordered.push(channel);
  }
  const preferred = preferredOrder.filter((channel) => usable(customer, channel));
  switch (strategy) {
    case "preferred": {
      const first = preferred[0];
      if (first !== undefined) return [first];
      return usable(customer, "email") ? ["email"] : [];
    }
    case "all":
      return ordered.filter((channel) => usable(customer, channel));
  }
}
