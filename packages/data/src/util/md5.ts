import { createHash } from 'crypto';
import * as fs from 'fs';

export function md5Bytes(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** Streams the file, so multi-gigabyte archives never sit in memory. */
export function md5File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    fs.createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
