import { describe, expect, it } from "vitest";
import { classifyAchReturn, classifyDecline, NEVER_RETRY_RESPONSE_CODES } from "../../src/timeline/index.js";

describe("decline classification", () => {
  it("retries the declines that may pass later", () => {
    for (const reason of ["insufficientFunds", "issuerUnavailable", "tryAgainLater", "doNotHonor", "genericDecline"] as const) {
      expect(classifyDecline({ reason }).kind).toBe("soft");
    }
    expect(classifyDecline({ responseCode: "51" }).kind).toBe("soft");
    expect(classifyDecline({ responseCode: "05" }).kind).toBe("soft");
    expect(classifyDecline({}).kind).toBe("soft");
  });

  it("never retries a lost, stolen, closed or invalid card", () => {
    for (const reason of ["lostCard", "stolenCard", "pickUpCard", "closedAccount", "invalidAccount", "expiredCard", "revokedAuthorization"] as const) {
      expect(classifyDecline({ reason }).kind).toBe("hard");
    }
  });

  it("never retries the response codes the card networks say never to retry", () => {
    expect([...NEVER_RETRY_RESPONSE_CODES].sort()).toEqual(["04", "07", "12", "14", "15", "41", "43", "46", "57", "R0", "R1", "R3"]);
    for (const responseCode of NEVER_RETRY_RESPONSE_CODES) {
      expect(classifyDecline({ responseCode, reason: "insufficientFunds" }).kind).toBe("hard");
    }
    expect(classifyDecline({ responseCode: "r1" }).kind).toBe("hard");
    expect(classifyDecline({ responseCode: "54" }).explanation).toContain("update");
  });

  it("obeys Mastercard advice codes 03 and 21 whatever the response code says", () => {
    expect(classifyDecline({ responseCode: "51", adviceCode: "03" })).toMatchObject({ kind: "hard", retryAfterHours: null });
    expect(classifyDecline({ reason: "insufficientFunds", adviceCode: "21" }).kind).toBe("hard");
    expect(classifyDecline({ responseCode: "51", adviceCode: "03" }).explanation).toContain("Mastercard advice code 03");
  });

  it("reads the retry-after delays of Mastercard advice codes 24 to 30", () => {
    expect([24, 25, 26, 27, 28, 29, 30].map((code) => classifyDecline({ adviceCode: String(code) }).retryAfterHours)).toEqual([1, 24, 48, 96, 144, 192, 240]);
    expect(classifyDecline({ adviceCode: "02" }).retryAfterHours).toBeNull();
  });

  it("reads a code named like an inherited property (constructor, toString) as an unknown code", () => {
    for (const code of ["constructor", "toString", "__proto__", "valueOf"]) {
      expect(classifyDecline({ adviceCode: code })).toEqual(classifyDecline({ adviceCode: "99" }));
      expect(classifyDecline({ reason: code as "genericDecline" })).toMatchObject({ kind: "soft", retryAfterHours: null });
      expect(classifyAchReturn(code).requiresNewAuthorization).toBe(false);
    }
    expect(classifyDecline({ adviceCode: "toString" }).retryAfterHours).toBeNull();
  });

  it("re-presents ACH returns R01 and R09 only", () => {
    expect(classifyAchReturn("R01")).toMatchObject({ kind: "soft", requiresNewAuthorization: false });
    expect(classifyAchReturn("R09")).toMatchObject({ kind: "soft", requiresNewAuthorization: false });
    expect(classifyAchReturn("R16")).toMatchObject({ kind: "hard", requiresNewAuthorization: false });
  });

  it("asks for a new authorization after R02, R03, R04, R07, R08 and R10", () => {
    for (const code of ["R02", "R03", "R04", "R07", "R08", "R10"]) {
      expect(classifyAchReturn(code)).toMatchObject({ kind: "hard", requiresNewAuthorization: true });
    }
  });
});
