import type { FastifyMultipartAttachFieldsToBodyOptions, MultipartFile } from '@fastify/multipart';

export class FilePartRefusedError extends Error {
  readonly statusCode = 400;
  readonly code = 'LEAD_FILE_NOT_ALLOWED';

  constructor(field: string) {
    super(`File uploads are not accepted (field "${field}"): send text fields only`);
    this.name = 'FilePartRefusedError';
  }
}

/**
 * multipart/form-data is accepted for its text fields (some form builders
 * always send it), but a lead never carries files: refuse before reading one.
 */
export async function refuseFileParts(part: MultipartFile): Promise<void> {
  part.file.resume();
  throw new FilePartRefusedError(part.fieldname);
}

/** @fastify/multipart's options for a lead: text fields as the body, no files, the body limit for each field. */
export function multipartPolicy(bodyLimit: number): FastifyMultipartAttachFieldsToBodyOptions {
  return {
    attachFieldsToBody: 'keyValues',
    onFile: refuseFileParts,
    limits: { fieldSize: bodyLimit, fields: 60, parts: 60, files: 1 },
  };
}
