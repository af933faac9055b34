// ISBN-10 and ISBN-13 as printed (hyphens and spaces allowed), normalised to the 13-digit form.

const SEPARATORS = /[\s-]/g;

function isbn13CheckDigit(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

function isValidIsbn10(digits: string): boolean {
  if (!/^\d{9}[\dX]$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (digits[i] === 'X' ? 10 : Number(digits[i])) * (10 - i);
  return sum % 11 === 0;
}

function isValidIsbn13(digits: string): boolean {
  return /^97[89]\d{10}$/.test(digits) && isbn13CheckDigit(digits.slice(0, 12)) === Number(digits[12]);
}

/** The 13-digit ISBN for `raw` (ISBN-10 or ISBN-13, check digit verified), or null when it is not one. */
export function isbn13From(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 32) return null;
  const digits = raw.replace(SEPARATORS, '').toUpperCase();
  if (digits.length === 13) return isValidIsbn13(digits) ? digits : null;
  if (digits.length === 10 && isValidIsbn10(digits)) {
    const first12 = `978${digits.slice(0, 9)}`;
    return `${first12}${isbn13CheckDigit(first12)}`;
  }
  return null;
}
