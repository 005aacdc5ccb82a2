/**
 * The partial file beside the destination, and what it was downloaded from.
 * A resumed request only appends when the part came from the same URL and
 * the server still has the same version of the file (If-Range with the
 * validator kept here); anything else starts over.
 */
import fs from 'node:fs';

export interface PartInfo {
  url: string;
  /** ETag or Last-Modified of the response the part came from. */
  validator: string | null;
}

export interface PartFile {
  file: string;
  infoFile: string;
}

export function partFor(dest: string): PartFile {
  return { file: `${dest}.part`, infoFile: `${dest}.part.json` };
}

/** Bytes already downloaded from `url`, or 0 after discarding a part from elsewhere. */
export function resumableBytes(part: PartFile, url: string): { bytes: number; validator: string | null } {
  try {
    const info = JSON.parse(fs.readFileSync(part.infoFile, 'utf8')) as PartInfo;
    const size = fs.statSync(part.file).size;
    if (info.url === url && size > 0) return { bytes: size, validator: info.validator };
  } catch {
    // No part, or no record of where it came from: start over.
  }
  discardPart(part);
  return { bytes: 0, validator: null };
}

export function recordPart(part: PartFile, info: PartInfo): void {
  fs.writeFileSync(part.infoFile, JSON.stringify(info));
}

export function discardPart(part: PartFile): void {
  fs.rmSync(part.file, { force: true });
  fs.rmSync(part.infoFile, { force: true });
}
