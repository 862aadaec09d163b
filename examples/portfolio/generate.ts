/**
 * Writes examples/portfolio/portfolio.json: 200 alarm-monitoring accounts, generated
 * deterministically (the same seed always gives the same file, which is committed too).
 *
 *   npx tsx examples/portfolio/generate.ts          # rewrite the file
 *   npx tsx examples/portfolio/generate.ts --check  # fail if the committed file is not what the script makes
 *
 * The mix is a regional alarm dealer's: three residential accounts in four (monitoring tiers
 * from landline to video, panel and camera rental, a few quarterly and annual prepayers) and
 * multi-site commercial accounts (two or three sites, quarterly or monthly, net 30); about 60 %
 * on auto-pay (cards and ACH), cards that decline soft and hard, gateway timeouts, ACH returns;
 * customers who pay on time, late, very late or never; disputes and promises to pay; terms that
 * end in the year, fixed or renewing by themselves.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { GatewayScript } from "../../src/adapters/memory/index.js";
import { addMonthsFromAnchor, parseContract, type CustomerBehaviour } from "../../src/index.js";
import { prng } from "../../bench/prng.js";

/** One account of the portfolio: its contract (the contract schema's input), behaviour and gateway script. */
export interface PortfolioAccount {
  /** The contract, as a CRM would export it. */
  readonly contract: Record<string, unknown>;
  /** How the customer pays, disputes and promises. */
  readonly behaviour: CustomerBehaviour;
  /** How the gateway answers for the customer's token, when they have one. */
  readonly gateway?: { readonly token: string; readonly script: GatewayScript };
}

/** The committed file. */
export interface Portfolio {
  /** The seed the file was generated from (and the simulation draws with). */
  readonly seed: number;
  /** The accounts. */
  readonly accounts: readonly PortfolioAccount[];
}

export const PORTFOLIO_FILE = new URL("portfolio.json", import.meta.url);
const SEED = 2027;
const COUNT = 200;


const PLACES = [
  { address: { line1: "1402 Barton Hills Dr", city: "Austin", county: "Travis", state: "TX", postalCode: "78704", country: "US" }, timeZone: "America/Chicago", phone: "+1512555" },
  { address: { line1: "88 Court St", city: "Brooklyn", county: "Kings", state: "NY", postalCode: "11201", country: "US" }, timeZone: "America/New_York", phone: "+1718555" },
  { address: { line1: "250 NW 23rd St", city: "Miami", county: "Miami-Dade", state: "FL", postalCode: "33127", country: "US" }, timeZone: "America/New_York", phone: "+1305555" },
  { address: { line1: "12 Lamar Blvd", city: "Round Rock", county: "Williamson", state: "TX", postalCode: "78664", country: "US" }, timeZone: "America/Chicago", phone: "+1512555" },
] as const;

const TIERS = [
  { tier: "landline", rate: "29.99" },
  { tier: "cellular", rate: "39.99" },
  { tier: "interactive", rate: "49.99" },
  { tier: "video", rate: "59.99" },
] as const;

const FIRST = ["Maria", "James", "Aisha", "Wei", "Carlos", "Olivia", "Noah", "Fatima", "Liam", "Grace", "Diego", "Hannah", "Omar", "Chloe", "Ethan", "Priya"];
const LAST = ["Rivera", "Johnson", "Khan", "Chen", "Lopez", "Smith", "Nguyen", "Patel", "Brown", "Garcia", "Kim", "Walker", "Hughes", "Okafor", "Silva", "Murphy"];
const BUSINESSES = ["Bayside Dental", "Northgate Storage", "Cedar Pharmacy", "Lone Star Auto", "Harbor Bistro", "Summit Fitness", "Greene St Boutique", "Metro Vet Clinic"];

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The portfolio, from the seed. */
export function generatePortfolio(seed = SEED, count = COUNT): Portfolio {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const accounts: PortfolioAccount[] = [];
  let achAutoPay = 0;
  for (let i = 0; i < count; i++) {
    const n = 3000 + i;
    const commercial = i % 4 === 3;
    const place = pick(PLACES);
    const name = commercial ? `${pick(BUSINESSES)} #${n}` : `${pick(FIRST)} ${pick(LAST)}`;
    const cycle = commercial ? (chance(0.6) ? "quarterly" : "monthly") : chance(0.8) ? "monthly" : chance(0.5) ? "quarterly" : "annual";
    const termMonths = pick([12, 36, 36, 60, 60]);
    const monthsAgo = int(1, termMonths - 1);
    // Starts on a day 1–28 of a month between one and (term − 1) months before January 2027: every
    // term is running when the engine takes over, and the ones in their last year come up for renewal.
    const start = `${addMonthsFromAnchor("2027-01-01", -monthsAgo).slice(0, 7)}-${pad(int(1, 28))}`;
    const end = addMonthsFromAnchor(start, termMonths);
    const autoRenew = chance(0.5);
    const siteCount = commercial ? int(2, 3) : 1;
    const sites = Array.from({ length: siteCount }, (_, s) => {
      const tier = commercial ? pick(TIERS.slice(1)) : pick(TIERS);
      const lines: Record<string, unknown>[] = [{ id: `L-mon-${s + 1}`, kind: "monitoring", tier: tier.tier, rate: tier.rate, taxCategory: "monitoring" }];
      if (chance(0.6)) lines.push({ id: `L-panel-${s + 1}`, kind: "equipment", item: "Alarm panel", rate: pick(["9.99", "12.50", "14.95"]), taxCategory: "equipment-rental" });
      if (tier.tier === "video") lines.push({ id: `L-cam-${s + 1}`, kind: "equipment", item: "Outdoor camera", quantity: int(1, 4), rate: "7.50", taxCategory: "equipment-rental" });
      if (commercial && chance(0.5)) lines.push({ id: `L-guard-${s + 1}`, kind: "addon", name: "Guard response", rate: "25.00", taxCategory: "service" });
      return { id: `S-${s + 1}`, name: commercial ? `Site ${s + 1}` : "Home", address: { ...place.address, line1: `${int(10, 9999)} ${place.address.line1.split(" ").slice(1).join(" ")}` }, lines };
    });
    // Payment: about 60 % auto-pay (three in four of them by card), the rest paying invoices themselves.
    const autoPay = chance(0.6);
    const ach = autoPay ? chance(0.25) : chance(0.2);
    const token = ach ? `ba_${n}` : `tok_${n}`;
    const expiry = `${pick(["2027", "2028", "2029"])}-${pad(int(1, 12))}`;
    const paymentMethod = autoPay || chance(0.5) ? (ach ? { kind: "ach", token, last4: pad(int(0, 9999), 4), autoPay } : { kind: "card", token, last4: pad(int(0, 9999), 4), expiry, autoPay }) : undefined;
    const smsConsent = chance(0.55);
    const contract: Record<string, unknown> = {
      id: `C-${n}`,
      customer: {
        id: `CUST-${n}`,
        name,
        contact: { email: `${commercial ? "ap" : name.toLowerCase().replace(/[^a-z]+/g, ".")}.${n}@example.com`, phone: `${place.phone}${pad(int(0, 9999), 4)}`, smsConsent },
        channels: smsConsent && chance(0.5) ? ["sms", "email"] : commercial && chance(0.5) ? ["email", "portal"] : ["email"],
        locale: "en-US",
        timeZone: place.timeZone,
      },
      billing: {
        currency: "USD",
        cycle,
        ...(cycle === "monthly" ? {} : { pricesPer: "month" }),
        anchorDay: 1,
        ...(commercial ? { paymentTerms: { kind: "net", days: 30 }, consolidation: chance(0.7) ? "consolidated" : "perSite" } : {}),
        invoiceSeries: commercial ? "COM" : "RES",
      },
      term: { start, end, autoRenew, ...(autoRenew ? { renewalTermMonths: 12, cancellationNoticeDays: 30 } : {}) },
      sites,
      ...(paymentMethod === undefined ? {} : { paymentMethod }),
    };
    // How the gateway answers for the token: mostly approved; soft declines that recover, hard
    // declines, timeouts (charged and not), ACH returns.
    let script: GatewayScript = "approve";
    if (paymentMethod !== undefined) {
      const roll = random();
      // Every twelfth ACH auto-pay account has its debits returned (R01, insufficient funds).
      if (ach) script = autoPay && achAutoPay++ % 12 === 3 ? { pendingDays: 3, settle: { returnCode: "R01" } } : { pendingDays: 3, settle: "succeeded" };
      else if (roll < 0.1) script = { failTimes: int(1, 2), decline: "51", kind: "soft" };
      else if (roll < 0.15) script = { decline: "54", kind: "hard" };
      else if (roll < 0.18) script = { timeoutTimes: 1, charged: true };
      else if (roll < 0.21) script = { timeoutTimes: 1, charged: false };
    }
    // How the customer pays what auto-pay does not collect.
    const habit = random();
    const pays: Pick<CustomerBehaviour, "pays" | "lateDays"> = habit < 0.66 ? { pays: "onTime" } : habit < 0.88 ? { pays: "late", lateDays: [3, 20] } : habit < 0.96 ? { pays: "late", lateDays: [25, 70] } : { pays: "never" };
    const disputes = chance(0.05);
    // Promises come from customers who are late: a third of them make one in the year.
    const promises = pays.pays === "late" && chance(0.35);
    const behaviour: CustomerBehaviour = {
      ...pays,
      channel: pick(["portal", "portal", "check", "ach"]),
      ...(disputes ? { disputes: [{ on: `2027-${pad(int(2, 10))}-${pad(int(3, 12))}`, reason: pick(["charged after the panel was removed", "rate differs from my contract", "service outage in my area"]), outcome: pick(["credited", "upheld"]), settleAfterDays: int(5, 20) }] } : {}),
      ...(promises ? { promises: [{ on: `2027-${pad(int(2, 10))}-${pad(int(10, 20))}`, days: int(5, 20), keeps: chance(0.6) }] } : {}),
      // Renewals: most accept, some decline, the rest never answer.
      renewal: pick(["accept", "accept", "accept", "decline", "ignore", "ignore"]),
      // A third of those paying by hand take up the auto-pay invitation within a few weeks.
      ...(!autoPay && chance(0.33) ? { enrollsAfterDays: int(2, 30) } : {}),
    } as CustomerBehaviour;
    parseContract(contract); // every generated contract is valid
    accounts.push({ contract, behaviour, ...(paymentMethod === undefined ? {} : { gateway: { token, script } }) });
  }
  return { seed, accounts };
}

/** The committed portfolio. */
export function loadPortfolio(): Portfolio {
  return JSON.parse(readFileSync(PORTFOLIO_FILE, "utf8")) as Portfolio;
}

// Not when bundled into the bench (`.bench/index.js`), whose url is the script's too.
if (process.argv[1] === fileURLToPath(import.meta.url) && !import.meta.url.includes("/.bench/")) {
  // One account per line: diffs stay readable, the file small.
  const portfolio = generatePortfolio();
  const text = `{"seed":${portfolio.seed},"accounts":[\n${portfolio.accounts.map((a) => JSON.stringify(a)).join(",\n")}\n]}\n`;
  if (process.argv.includes("--check")) {
    if (readFileSync(PORTFOLIO_FILE, "utf8") !== text) {
      console.error("examples/portfolio/portfolio.json is not what generate.ts makes: run `npx tsx examples/portfolio/generate.ts`");
      process.exit(1);
    }
    console.log("examples/portfolio/portfolio.json is up to date");
  } else {
    writeFileSync(PORTFOLIO_FILE, text);
    console.log(`wrote ${PORTFOLIO_FILE.pathname}`);
  }
}
