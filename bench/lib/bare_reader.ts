/**
 * The floor for reading JSONL: split on "\n" + JSON.parse, with nothing else. The in-memory
 * scenarios time the SDK's read path against this loop over the same bytes.
 * @module
 */

/** A notification as the bare loop sees it: parsed JSON, nothing checked. */
export interface BareMessage {
  method?: string;
  params?: { delta?: string };
}

/** Reads `readable` to its end, calling `onMessage` with each parsed line. */
export async function bareReader(
  readable: ReadableStream<Uint8Array>,
  onMessage: (message: BareMessage) => void,
): Promise<void> {
  const reader = readable.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const text = buffer + decoder.decode(value, { stream: true });
    let start = 0;
    let newline: number;
    while ((newline = text.indexOf("\n", start)) !== -1) {
      if (newline > start) onMessage(JSON.parse(text.slice(start, newline)));
      start = newline + 1;
    }
    buffer = start === 0 ? text : text.slice(start);
  }
}

/** A byte pipe into the bare loop: `write` resolves once the reader took the chunk. */
export function barePipe(onMessage: (message: BareMessage) => void): {
  write(chunk: Uint8Array): Promise<void>;
  /** Ends the input and resolves once every message was read. */
  finish(): Promise<void>;
} {
  const stream = new TransformStream<Uint8Array, Uint8Array>();
  const writer = stream.writable.getWriter();
  const consumed = bareReader(stream.readable, onMessage);
  return {
    write: (chunk) => writer.write(chunk),
    finish: async () => {
      await writer.close();
      await consumed;
    },
  };
}
