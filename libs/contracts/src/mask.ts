/**
 * Masks personal data for logs: enough to tell two leads apart while
 * debugging, never enough to contact the person.
 */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 4) return '*'.repeat(digits.length);
  const keepStart = Math.min(phone.startsWith('+') ? 4 : 3, digits.length - 4);
  return `${phone.startsWith('+') ? '+' : ''}${digits.slice(0, keepStart)}****${digits.slice(-2)}`;
}

export function maskEmail(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***@${email.slice(at + 1)}`;
}
