/** Small in-memory archive writers for the stand-in downloads (zip via yazl, ustar+gzip by hand). */
import { gzipSync } from 'node:zlib';
import yazl from 'yazl';

export interface ArchiveEntry {
  name: string;
  data: Buffer;
  /** Unix mode; executables keep 0o755 so an extractor that honours modes could keep it. */
  mode?: number;
}

export function zip(entries: ArchiveEntry[]): Promise<Buffer> {
  const file = new yazl.ZipFile();
  // A fixed date keeps the archive's bytes, and so its digest, the same on every start.
  const mtime = new Date('2018-03-01T00:00:00Z');
  for (const entry of entries) file.addBuffer(entry.data, entry.name, { mtime, mode: entry.mode ?? 0o644 });
  file.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    file.outputStream.on('data', (c: Buffer) => chunks.push(c));
    file.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    file.outputStream.on('error', reject);
  });
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function tarHeader(name: string, size: number, mode: number): Buffer {
  if (Buffer.byteLength(name) > 99) throw new Error(`tar name too long for ustar: ${name}`);
  const header = Buffer.alloc(512);
  header.write(name, 0, 'utf8');
  header.write(octal(mode, 8), 100);
  header.write(octal(0, 8), 108);
  header.write(octal(0, 8), 116);
  header.write(octal(size, 12), 124);
  header.write(octal(Date.UTC(2018, 0, 4) / 1000, 12), 136);
  header.write('        ', 148);
  header.write('0', 156);
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return header;
}

export function tarGz(entries: ArchiveEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    parts.push(
      tarHeader(entry.name, entry.data.length, entry.mode ?? 0o644),
      entry.data,
      Buffer.alloc((512 - (entry.data.length % 512)) % 512),
    );
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}
