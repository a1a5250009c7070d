const FLASH_KEY = 'lead-board-flash';

let timer: ReturnType<typeof setTimeout> | undefined;

/** A message in the status line; errors stay longer. */
export function toast(message: string, isError = false): void {
  const node = document.getElementById('toast');
  if (!node) return;
  node.textContent = message;
  node.classList.toggle('error', isError);
  node.classList.add('show');
  clearTimeout(timer);
  timer = setTimeout(() => node.classList.remove('show'), isError ? 8000 : 4000);
}

/** A message that survives the reload after an action on the lead page. */
export function flash(message: string): void {
  try {
    sessionStorage.setItem(FLASH_KEY, message);
  } catch {
    // Storage refused (private mode): the page reloads without the message, nothing else is lost.
  }
}

/** Shows the message a reload carried over, once. */
export function showFlash(): void {
  let message: string | null;
  try {
    message = sessionStorage.getItem(FLASH_KEY);
    if (message) sessionStorage.removeItem(FLASH_KEY);
  } catch {
    // Storage refused: there can be no carried-over message.
    return;
  }
  if (message) toast(message);
}
