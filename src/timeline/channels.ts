import type { Channel, ContactFacts } from "./facts.js";
import type { ChannelStrategy } from "./policies.js";


const ALL_CHANNELS: readonly Channel[] = ["email", "sms"];

function usable(contact: ContactFacts, channel: Channel): boolean {
  if (contact.bouncedChannels?.includes(channel) === true) return false;
  switch (channel) {
    case "email":
      return typeof contact.email === "string" && contact.email !== "";
    case "sms":
      return typeof contact.phone === "string" && contact.phone !== "" && contact.smsConsent === true;
  }
}

/**
 * The channels a message should use, following the customer's preference and consent: never SMS
 * without SMS consent, never a channel that is missing or has bounced, and email as the fallback.
 * An empty list means the customer cannot be reached.
 *
 * @example
 * ```ts
 * const contact = { preferredChannels: ["sms", "email"], email: "a@example.com", phone: "+15555550100" } as const;
 * selectChannels(contact, "preferred");                        // ["email"] — no SMS consent
 * selectChannels({ ...contact, smsConsent: true }, "all");     // ["sms", "email"]
 * ```
 */
export function selectChannels(contact: ContactFacts, strategy: ChannelStrategy): Channel[] {
  const ordered: Channel[] = [];
  for (const channel of [...contact.preferredChannels, ...ALL_CHANNELS]) {
    if (!ordered.includes(channel)) ordered.push(channel);
  }
  const preferred = contact.preferredChannels.filter((channel) => usable(contact, channel));
  switch (strategy) {
    case "preferred": {
      const first = preferred[0];
      if (first !== undefined) return [first];
      return usable(contact, "email") ? ["email"] : [];
    }
    case "all":
      return ordered.filter((channel) => usable(contact, channel));
  }
}
