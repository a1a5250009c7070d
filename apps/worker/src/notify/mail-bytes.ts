import type { SendMailOptions } from 'nodemailer';
import { encode as base64 } from 'nodemailer/lib/base64';
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';

/** A message as the bytes that go out, with its SMTP envelope and Message-ID. */
export interface ComposedMail {
  raw: Buffer;
  envelope: { from: string | false; to: string[] };
  messageId: string;
}

type ComposerInput = ConstructorParameters<typeof MailComposer>[0];

/**
 * The whole message in one buffer, composed by nodemailer's MailComposer
 * (structure, headers, encodings: every escaping rule is nodemailer's) but
 * written out without its streams. nodemailer streams each part of each node
 * through pipelines, base64 encoders and a trailing-newline transform, and
 * Node 20 builds an AbortController and a DOMException (with its stack) for
 * every pipeline: ~2/3 of the CPU of composing a 6 KB alert. Streamed into
 * the SMTP socket, the same message also went out as many small write(2)s.
 * A tree this function cannot write the same way (quoted-printable, a stream,
 * a file or URL as content, a raw part) is built by nodemailer itself; the
 * spec checks both give the same bytes.
 */
export async function composeMail(message: SendMailOptions): Promise<ComposedMail> {
  const root = new MailComposer(message as ComposerInput).compile();
  const raw = await mimeBytes(root);
  return { raw, envelope: root.getEnvelope(), messageId: root.messageId() };
}

/** The bytes of a composed tree: what `root.build()` gives, without its streams where that is possible. */
export function mimeBytes(root: MimeNode): Promise<Buffer> {
  return writable(root) ? Promise.resolve(withLastNewline(Buffer.concat(nodeBytes(root, [])))) : root.build();
}

/** True when every node's content is a string or a Buffer sent base64 or as it is. */
function writable(node: MimeNode): boolean {
  const internals = node as unknown as { _raw?: unknown; _transforms?: unknown[]; _processFuncs?: unknown[] };
  if (internals._raw || internals._transforms?.length || internals._processFuncs?.length) return false;
  const { content } = node;
  if (content !== undefined && content !== '' && typeof content !== 'string' && !Buffer.isBuffer(content)) return false;
  if (content && node.getTransferEncoding() === 'quoted-printable') return false;
  return node.childNodes.every(writable);
}

/** What MimeNode.stream() writes for `node`: its headers, its encoded content, then its parts between boundaries. */
function nodeBytes(node: MimeNode, out: Buffer[]): Buffer[] {
  const encoding = node.getTransferEncoding();
  out.push(Buffer.from(`${node.buildHeaders()}\r\n\r\n`));
  const content = node.content as string | Buffer | undefined;
  if (content) {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    out.push(encoding === 'base64' ? Buffer.from(wrapLines(base64(bytes))) : bytes);
  }
  if (node.multipart) {
    node.childNodes.forEach((child, i) => {
      out.push(Buffer.from(`${i > 0 ? '\r\n' : ''}--${node.boundary}\r\n`));
      nodeBytes(child, out);
    });
    out.push(Buffer.from(`\r\n--${node.boundary}--\r\n`));
  }
  return out;
}

/** Base64 in lines of 76 characters, as nodemailer's encoder writes it (no break after the last line). */
function wrapLines(b64: string): string {
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join('\r\n');
}

/** nodemailer ends every message with a line break (its LastNewline transform). */
function withLastNewline(raw: Buffer): Buffer {
  const last = raw.at(-1);
  if (last === 0x0a) return raw;
  return Buffer.concat([raw, Buffer.from(last === 0x0d ? '\n' : '\r\n')]);
}
