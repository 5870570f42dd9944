/** Any shape a log arrives in: a whole string, bytes, a Node/Web byte stream. */
export type LogSource = string | Uint8Array | AsyncIterable<Uint8Array | string> | ReadableStream<Uint8Array>;

/**
 * A line longer than this is cut when stored; it is still counted whole. Binary junk or a minified
 * bundle can be one "line" of hundreds of megabytes, and memory must not follow it.
 */
export const MAX_STORED_LINE_CHARS = 4096;

export interface ChunkSink {
  push(chunk: Uint8Array | string): void;
}

export interface ReadStats {
  bytes: number;
}

function isReadableStream(source: unknown): source is ReadableStream<Uint8Array> {
  return (
    typeof source === "object" &&
    source !== null &&
    typeof (source as ReadableStream).getReader === "function"
  );
}

async function* chunksOf(source: LogSource): AsyncGenerator<Uint8Array | string> {
  if (typeof source === "string" || source instanceof Uint8Array) {
    yield source;
    return;
  }
  if (isReadableStream(source)) {
    // getReader() rather than async iteration: not every runtime makes Web streams iterable.
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        if (value) yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  yield* source as AsyncIterable<Uint8Array | string>;
}

const NON_ASCII = /[^\x00-\x7f]/g;

/** UTF-8 length of a string without allocating its encoding. */
export function utf8Length(text: string): number {
  // Most text is ASCII with a few symbols ("…", "●"): a native scan jumps from one to the next.
  let bytes = text.length;
  NON_ASCII.lastIndex = 0;
  let found = 0;
  for (let match = NON_ASCII.exec(text); match !== null; match = NON_ASCII.exec(text)) {
    // Text that is mostly non-ASCII goes faster through a plain loop.
    if (++found > 64) return bytes + extraBytes(text, match.index);
    const code = text.charCodeAt(match.index);
    if (code < 0x800) bytes += 1;
    else {
      bytes += 2;
      // A high surrogate and the character after it are four bytes together.
      if (code >= 0xd800 && code <= 0xdbff) NON_ASCII.lastIndex = match.index + 2;
    }
  }
  return bytes;
}

/** Bytes beyond one per UTF-16 unit from `from` on. */
function extraBytes(text: string, from: number): number {
  let extra = 0;
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) extra += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      extra += 2;
      i++;
    } else extra += 2;
  }
  return extra;
}

/**
 * Feeds `source` to `sink` chunk by chunk, as it arrives: bytes stay bytes (the sink decodes what it
 * keeps) and text stays text. `bytes` counts UTF-8 bytes.
 */
export async function readLog(source: LogSource, sink: ChunkSink): Promise<ReadStats> {
  if (typeof source === "string") {
    sink.push(source);
    return { bytes: utf8Length(source) };
  }
  let bytes = 0;
  for await (const chunk of chunksOf(source)) {
    bytes += typeof chunk === "string" ? utf8Length(chunk) : chunk.byteLength;
    sink.push(chunk);
  }
  return { bytes };
}
