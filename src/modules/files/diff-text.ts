// Turning file bytes into the text of a diff: UTF-8 text as it is; binary or very large content as a short
// placeholder (as Ansible does), so a reporter never prints megabytes or control bytes.

/** Ansible's limit for showing a diff (`max_diff_size`). */
export const MAX_DIFF_BYTES = 104448;

// ignoreBOM: keep a byte order mark as the text's first character, so an edit writes it back (the default drops it).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes, or undefined when they are not text (invalid UTF-8 or a NUL byte). */
export function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The diff side of content too large to show (it need not even be read). */
export function diffSizeNote(size: number): string {
  return `(${size} bytes: larger than ${MAX_DIFF_BYTES}, not shown)\n`;
}

/** Diff side for some bytes; `null` is a file that does not exist (an empty side). */
export function diffText(bytes: Buffer | null): string {
  if (bytes === null) return '';
  if (bytes.length > MAX_DIFF_BYTES) return diffSizeNote(bytes.length);
  return decodeText(bytes) ?? `(binary content, ${bytes.length} bytes, not shown)\n`;
}
