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

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 length of a string without allocating its encoding. */
export function utf8Length(text: string): number {
  // Most log text is ASCII: one native scan answers, instead of a loop over every character.
  if (!NON_ASCII.test(text)) return text.length;
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2;
      i++;
    } else bytes += 2;
  }
  return bytes;
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
