/**
 * Reads the retry hints HTTP servers send: one header value in, a delay in milliseconds out, or null
 * when the value cannot be read (the caller then uses its own backoff). Which headers to read, in
 * what order, and how long a wait to accept are the caller's business.
 *
 * RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`, with `delay-seconds = 1*DIGIT`.
 * Beyond the RFC, a fraction of a second ("0.5") is accepted: Anthropic's SDKs and QStash both
 * honour one, and refusing it would swap a precise wait for a guessed backoff. Anything else
 * `Number()` would take is refused: a sign ("-5", "+5"), an exponent ("1e3"), hex ("0x10"),
 * "Infinity", a bare or trailing point (".5", "5."), and an empty or blank value. A value too large
 * to represent is clamped to Number.MAX_SAFE_INTEGER ms, so it stays "very long" for callers' caps.
 */

export interface RetryAfterOptions {
  /** What an HTTP-date is measured against, in epoch milliseconds. Default: Date.now(). */
  now?: number;
  /**
   * Also accept a Go duration ("6m5s", "1.5s", "250ms"; units ns, us, µs, ms, s, m, h), as QStash
   * does for Retry-After and the x-ratelimit-reset headers. Off by default: no RFC allows it.
   */
  goDuration?: boolean;
}

const DELAY_SECONDS = /^\d+(?:\.\d+)?$/;
const GO_DURATION = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|μs|ms|s|m|h))+$/;
const GO_DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|μs|ms|s|m|h)/g;

/** Each Go duration unit in milliseconds, as a power of ten and a factor (exact for decimal input). */
const GO_UNITS: Record<string, [exponent: number, factor: number]> = {
  ns: [-6, 1],
  us: [-3, 1],
  µs: [-3, 1], // U+00B5 micro sign
  μs: [-3, 1], // U+03BC Greek small mu; Go accepts both
  ms: [0, 1],
  s: [3, 1],
  m: [3, 60],
  h: [3, 3600],
};

/** A Retry-After value (delay-seconds or an HTTP-date; a Go duration if asked) as milliseconds to wait. */
export function delayFromRetryAfter(
  value: string | null | undefined,
  options: RetryAfterOptions = {},
): number | null {
  const text = withoutOws(value);
  if (text === "") return null;
  if (DELAY_SECONDS.test(text)) return clamp(decimal(text, 3));
  if (options.goDuration && GO_DURATION.test(text)) {
    let ms = 0;
    for (const [, amount, unit] of text.matchAll(GO_DURATION_PART)) {
      const [exponent, factor] = GO_UNITS[unit!]!;
      ms += decimal(amount!, exponent) * factor;
    }
    return clamp(ms);
  }
  const now = options.now ?? Date.now();
  const at = parseHttpDate(text, now);
  // A date already past means "now", not "unreadable".
  return at === null ? null : Math.max(0, at - now);
}

/**
 * A `retry-after-ms` value (Anthropic and OpenAI send it beside Retry-After) as milliseconds: the
 * same non-negative decimal as delay-seconds, in milliseconds, and nothing else (no date).
 */
export function delayFromRetryAfterMs(value: string | null | undefined): number | null {
  const text = withoutOws(value);
  return DELAY_SECONDS.test(text) ? clamp(decimal(text, 0)) : null;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const DAY_NAMES = "Mon|Tue|Wed|Thu|Fri|Sat|Sun";
const LONG_DAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday";
const MONTH = `(${MONTHS.join("|")})`;
const TIME = "(\\d{2}):(\\d{2}):(\\d{2})";
// "Sun, 06 Nov 1994 08:49:37 GMT", the form senders must use. Names and GMT are case-sensitive.
const IMF_FIXDATE = new RegExp(`^(?:${DAY_NAMES}), (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
// "Sunday, 06-Nov-94 08:49:37 GMT", obsolete.
const RFC850_DATE = new RegExp(`^(?:${LONG_DAY_NAMES}), (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
// "Sun Nov  6 08:49:37 1994", C's asctime(); a one-digit day is padded with a space.
const ASCTIME_DATE = new RegExp(`^(?:${DAY_NAMES}) ${MONTH} (\\d{2}| \\d) ${TIME} (\\d{4})$`);

/**
 * An HTTP-date (RFC 9110 §5.6.7) as epoch milliseconds, or null. All three forms a recipient must
 * accept, and nothing else: Date.parse would also take "2024", ISO 8601 and local-time strings.
 * The weekday must be a weekday's name but is not checked against the date (Go's http.ParseTime,
 * which QStash uses, does not check it either). `now` resolves rfc850-date's two-digit year.
 */
function parseHttpDate(value: string, now: number): number | null {
  let match = IMF_FIXDATE.exec(value);
  if (match) {
    const [, day, month, year, hour, minute, second] = match;
    return utc(Number(year), month!, Number(day), hour!, minute!, second!);
  }
  match = RFC850_DATE.exec(value);
  if (match) {
    const [, day, month, yy, hour, minute, second] = match;
    // RFC 9110: a two-digit year more than 50 years ahead is the latest past year with those digits.
    const thisYear = new Date(now).getUTCFullYear();
    let year = thisYear - (thisYear % 100) + Number(yy);
    if (year > thisYear + 50) year -= 100;
    return utc(year, month!, Number(day), hour!, minute!, second!);
  }
  match = ASCTIME_DATE.exec(value);
  if (match) {
    const [, month, day, hour, minute, second, year] = match;
    return utc(Number(year), month!, Number(day), hour!, minute!, second!);
  }
  return null;
}

function utc(year: number, month: string, day: number, hour: string, minute: string, second: string) {
  const h = Number(hour);
  const m = Number(minute);
  const s = Number(second);
  // 60 seconds is a leap second, which the RFC allows; Date carries it into the next minute.
  if (h > 23 || m > 59 || s > 60) return null;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999.
  date.setUTCFullYear(year, MONTHS.indexOf(month), day);
  // 31 Feb would roll over into March: a date that does not exist is unreadable.
  if (date.getUTCDate() !== day) return null;
  date.setUTCHours(h, m, s, 0);
  return date.getTime();
}

/** Field values carry no leading or trailing whitespace (RFC 9110 §5.5); be lenient on receipt. */
function withoutOws(value: string | null | undefined): string {
  return (value ?? "").replace(/^[\t ]+|[\t ]+$/g, "");
}

/** `digits` × 10^exponent, rounded once from the decimal text, so "0.29" seconds is exactly 290 ms. */
function decimal(digits: string, exponent: number): number {
  return Number(`${digits}e${exponent}`);
}

function clamp(ms: number): number {
  return Math.min(ms, Number.MAX_SAFE_INTEGER);
}
