import { say, type BoardText, type BoardWord } from './board-text';

/**
 * A task history entry's actor and note as a person reads them. The data
 * keeps what the system wrote (actor `assignment`, note `round-robin`,
 * "handed over from li.na"): words of the catalog here, people by display name.
 */

function has(text: BoardText, key: string): key is BoardWord {
  // hasOwnProperty rather than Object.hasOwn: the browser bundle targets ES2018.
  return Object.prototype.hasOwnProperty.call(text, key);
}

/** Who acted: the system in words (`actor_<name>`), a person by display name. */
export function historyActor(actor: string | null | undefined, text: BoardText, nameOf: (login: string) => string): string {
  if (!actor) return text.none;
  const key = `actor_${actor.replace(/-/g, '_')}`;
  return has(text, key) ? text[key] : nameOf(actor);
}

const HANDED_OVER = /^handed over from (\S+)$/;

/** The note: the system's own notes in words, anything a person wrote as written; null when there is none. */
export function historyNote(note: string | null | undefined, text: BoardText, nameOf: (login: string) => string): string | null {
  if (!note) return null;
  const key = `note_${note.replace(/-/g, '_')}`;
  if (/^[a-z-]+$/.test(note) && has(text, key)) return text[key];
  const handed = HANDED_OVER.exec(note);
  return handed ? say(text, 'note_handedOverFrom', { name: nameOf(handed[1]) }) : note;
}
