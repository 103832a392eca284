// The ISO 4217 currencies money may be in: the codes of the standard's current list (SIX, amendment of
// 2024–2025: XCG replaced ANG, ZWG replaced ZWL, SLE replaced SLL), without the codes that are not money a deal is
// priced in (precious metals XAU/XAG/XPT/XPD, the bond-market units XBA–XBD, XDR, XSU, XUA, XTS, XXX).
// The most used come first: `nearestCurrency` prefers them when two codes are equally close to a typo.

/** Every ISO 4217 currency code a deal, a contract or a workspace may use. */
export const ISO_4217_CURRENCIES = [
  "EUR",
  "USD",
  "GBP",
  "JPY",
  "CHF",
  "CAD",
  "AUD",
  "CNY",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "NZD",
  "SGD",
  "HKD",
  "INR",
  "BRL",
  "MXN",
  "ZAR",
  "AED",
  "AFN",
  "ALL",
  "AMD",
  "AOA",
  "ARS",
  "AWG",
  "AZN",
  "BAM",
  "BBD",
  "BDT",
  "BGN",
  "BHD",
  "BIF",
  "BMD",
  "BND",
  "BOB",
  "BOV",
  "BSD",
  "BTN",
  "BWP",
  "BYN",
  "BZD",
  "CDF",
  "CHE",
  "CHW",
  "CLF",
  "CLP",
  "COP",
  "COU",
  "CRC",
  "CUP",
  "CVE",
  "DJF",
  "DOP",
  "DZD",
  "EGP",
  "ERN",
  "ETB",
  "FJD",
  "FKP",
  "GEL",
  "GHS",
  "GIP",
  "GMD",
  "GNF",
  "GTQ",
  "GYD",
  "HNL",
  "HTG",
  "IDR",
  "ILS",
  "IQD",
  "IRR",
  "ISK",
  "JMD",
  "JOD",
  "KES",
  "KGS",
  "KHR",
  "KMF",
  "KPW",
  "KRW",
  "KWD",
  "KYD",
  "KZT",
  "LAK",
  "LBP",
  "LKR",
  "LRD",
  "LSL",
  "LYD",
  "MAD",
  "MDL",
  "MGA",
  "MKD",
  "MMK",
  "MNT",
  "MOP",
  "MRU",
  "MUR",
  "MVR",
  "MWK",
  "MXV",
  "MYR",
  "MZN",
  "NAD",
  "NGN",
  "NIO",
  "NPR",
  "OMR",
  "PAB",
  "PEN",
  "PGK",
  "PHP",
  "PKR",
  "PYG",
  "QAR",
  "RON",
  "RSD",
  "RUB",
  "RWF",
  "SAR",
  "SBD",
  "SCR",
  "SDG",
  "SHP",
  "SLE",
  "SOS",
  "SRD",
  "SSP",
  "STN",
  "SVC",
  "SYP",
  "SZL",
  "THB",
  "TJS",
  "TMT",
  "TND",
  "TOP",
  "TRY",
  "TTD",
  "TWD",
  "TZS",
  "UAH",
  "UGX",
  "USN",
  "UYI",
  "UYU",
  "UYW",
  "UZS",
  "VED",
  "VES",
  "VND",
  "VUV",
  "WST",
  "XAF",
  "XCD",
  "XCG",
  "XOF",
  "XPF",
  "YER",
  "ZMW",
  "ZWG",
] as const;

const KNOWN: ReadonlySet<string> = new Set(ISO_4217_CURRENCIES);

/** Whether the code is on the ISO 4217 list (exactly: three capital letters, no symbol). */
export function isIsoCurrency(code: string): boolean {
  return KNOWN.has(code);
}

// What people write instead of a code, read as the code it stands for.
const SYMBOLS: Readonly<Record<string, string>> = {
  "€": "EUR",
  $: "USD",
  US$: "USD",
  "£": "GBP",
  "¥": "JPY",
  "₹": "INR",
  "₩": "KRW",
  "₽": "RUB",
  "₺": "TRY",
  "₪": "ILS",
  R$: "BRL",
  C$: "CAD",
  A$: "AUD",
  CHF: "CHF",
  FR: "CHF",
  "FR.": "CHF",
  EURO: "EUR",
  EUROS: "EUR",
  DOLLAR: "USD",
  DOLLARS: "USD",
  POUND: "GBP",
  POUNDS: "GBP",
  YEN: "JPY",
  RMB: "CNY",
  UKP: "GBP",
  STG: "GBP",
};

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/**
 * The ISO 4217 code a mistyped or symbolic currency most likely means ("€" → EUR, "usd" → USD, "EUO" → EUR),
 * or `undefined` when nothing is close. Only a suggestion: nothing is ever read as the suggested code.
 */
export function nearestCurrency(written: string): string | undefined {
  const upper = written.trim().toUpperCase();
  if (KNOWN.has(upper)) return upper;
  const symbol = SYMBOLS[upper];
  if (symbol) return symbol;
  let best: string | undefined;
  let bestDistance = 2;
  for (const code of ISO_4217_CURRENCIES) {
    const d = distance(upper, code);
    if (d < bestDistance) {
      best = code;
      bestDistance = d;
    }
  }
  return best;
}

/** Why a code is not a currency, in words, with the nearest code when one is close. */
export function notACurrencyMessage(written: string): string {
  const nearest = nearestCurrency(written);
  const hint = nearest ? `; did you mean ${nearest}?` : " (e.g. EUR, USD, GBP)";
  return `"${written}" is not an ISO 4217 currency code${hint}`;
}
