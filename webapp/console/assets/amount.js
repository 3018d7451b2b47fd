// Amounts: the chain counts units of 10^-18 CESS; people read and type CESS.
const DECIMALS = 18n;
const UNIT = 10n ** DECIMALS;

/** "1234500000000000000000" -> "1,234.5" */
export function cess(units) {
  const u = BigInt(units);
  const whole = u / UNIT;
  let frac = (u % UNIT).toString().padStart(Number(DECIMALS), '0').replace(/0+$/, '');
  if (frac.length > 4) {
    frac = frac.slice(0, 4);
  }
  return whole.toLocaleString('en-US') + (frac ? '.' + frac : '');
}

/** "12.5" -> "12500000000000000000"; throws on anything that is not a plain positive decimal. */
export function units(text) {
  const t = String(text).trim().replaceAll(',', '');
  const m = /^(\d{1,21})(?:\.(\d{1,18}))?$/.exec(t);
  if (!m) {
    throw new Error(`"${text}" is not an amount of CESS (digits, at most 18 decimals)`);
  }
  return (BigInt(m[1]) * UNIT + BigInt((m[2] ?? '').padEnd(Number(DECIMALS), '0'))).toString();
}

/** The share a/b as a percentage for a bar, 0..100. */
export function percent(a, b) {
  const bb = BigInt(b);
  if (bb === 0n) {
    return 0;
  }
  return Math.min(100, Number((BigInt(a) * 10000n) / bb) / 100);
}
