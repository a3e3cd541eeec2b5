/**
 * Packs serialized listings messages into feed documents of at most 25,000 messages and a byte limit, handing
 * each full document on as soon as it is complete. A message is one line `{"messageId":N,...}`; its id is its
 * position in its document, so sizes are counted with the id it will really carry.
 */
import type { OperationType } from './message.ts';

/** Amazon's limit for one JSON_LISTINGS_FEED document (since 2025-05-06). */
export const MAX_LISTINGS_MESSAGES = 25_000;

/** A message ready to pack: its JSON without messageId, and what the document result needs to know of it. */
export interface PackedMessage {
  isbn: string;
  sku: string;
  operationType: OperationType;
  /** `JSON.stringify` of the message body (an object, without messageId). */
  json: string;
}

/** Receives each complete document: its text and its messages in order. */
export type DocumentSink = (text: string, messages: PackedMessage[]) => Promise<void>;

export class DocumentPacker {
  private readonly opening: string;
  private readonly closing = '\n]}\n';
  private readonly overhead: number;
  private lines: string[] = [];
  private messages: PackedMessage[] = [];
  private size: number;

  /** `headerText` is the document header as JSON; `maxBytes` the largest document allowed. */
  constructor(
    headerText: string,
    private readonly maxBytes: number,
    private readonly sink: DocumentSink,
  ) {
    this.opening = `{"header":${headerText},"messages":[\n`;
    this.overhead = Buffer.byteLength(this.opening) + Buffer.byteLength(this.closing);
    this.size = this.overhead;
  }

  /** Adds a message; returns why it was refused (it cannot fit even alone), or undefined when it was packed. */
  async add(message: PackedMessage): Promise<string | undefined> {
    const rest = message.json.slice(1);
    const alone = this.overhead + Buffer.byteLength(`{"messageId":1,${rest}`);
    if (alone > this.maxBytes) return `its listings message alone makes a ${alone}-byte document, more than maxFeedBytes (${this.maxBytes})`;
    let line = `{"messageId":${this.lines.length + 1},${rest}`;
    let bytes = Buffer.byteLength(line);
    if (this.lines.length === MAX_LISTINGS_MESSAGES || this.size + (this.lines.length > 0 ? 2 : 0) + bytes > this.maxBytes) {
      await this.flush();
      line = `{"messageId":1,${rest}`;
      bytes = Buffer.byteLength(line);
    }
    this.size += (this.lines.length > 0 ? 2 : 0) + bytes;
    this.lines.push(line);
    this.messages.push(message);
    return undefined;
  }

  /** Hands on the last, partly filled document (if any). */
  finish(): Promise<void> {
    return this.flush();
  }

  private async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.opening + this.lines.join(',\n') + this.closing;
    const messages = this.messages;
    this.lines = [];
    this.messages = [];
    this.size = this.overhead;
    await this.sink(text, messages);
  }
}
